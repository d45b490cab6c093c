# plimsoll — plain Makefile: pkg-config for dependencies, objects in build/.
# Targets: all (default), test, prove-fail, asan, bench, bench-image, docs, install, clean,
# fuzz, fuzz-ci, fuzz-cov, hostile.

PREFIX  ?= /usr/local
CC      ?= cc
PKGS     = yaml-0.1 jansson libpcre2-8 lua5.4
# Opened with dlopen when first needed, not linked (src/digest.c: a digest
# made; src/dynlib.c: an image archive, an rpm database): the dynamic
# loader's work for them (libarchive brings libxml2, ICU and libstdc++) is
# more than a scan of one small file, at every start.
DYNPKGS  = libcrypto libarchive sqlite3
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) $(DYNPKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))
soname = $(shell objdump -p $$(pkg-config --variable=libdir $(1))/$(2) 2>/dev/null | sed -n 's/^ *SONAME *//p')
DYN_CFLAGS := -DLIBCRYPTO_SONAME='"$(call soname,libcrypto,libcrypto.so)"' \
              -DLIBARCHIVE_SONAME='"$(call soname,libarchive,libarchive.so)"' \
              -DLIBSQLITE_SONAME='"$(call soname,sqlite3,libsqlite3.so)"'


WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wundef
OPT    ?= -O2 -g
# CFLAGS is the user's to add to (make CFLAGS=-Werror); ALL_CFLAGS is ours.
CFLAGS ?=
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) $(DYN_CFLAGS) $(CFLAGS)
LIBS    = $(PKG_LIBS) -lm -lpthread -ldl

BUILD  ?= build
SRC     = $(wildcard src/*.c)
OBJ     = $(patsubst src/%.c,$(BUILD)/%.o,$(SRC)) $(BUILD)/embedded_checks.o $(BUILD)/embedded_frameworks.o \
          $(BUILD)/check_index.o
LIBOBJ  = $(filter-out $(BUILD)/main.o,$(OBJ))
# Everything but the check index, which tools/gen_index.c makes from it.
COREOBJ = $(filter-out $(BUILD)/check_index.o,$(LIBOBJ))
LUA     = $(shell find checks -name '*.lua' | LC_ALL=C sort)
FW      = $(shell find frameworks -name '*.yaml' | LC_ALL=C sort)
UNIT    = $(patsubst tests/unit/%.c,$(BUILD)/%,$(wildcard tests/unit/test_*.c))
# The fuzz harnesses (fuzz/fuzz_NAME.c), and each as a plain program that
# replays files (fuzz/driver.c), which the test suite runs over the crash
# regressions in fuzz/regressions/NAME/.
FUZZERS = yaml dockerfile detect config glob suppress baseline scan
FUZZRUN = $(patsubst %,$(BUILD)/fuzzrun_%,$(FUZZERS))

all: plimsoll

plimsoll: $(BUILD)/plimsoll
	cp $(BUILD)/plimsoll plimsoll

$(BUILD)/plimsoll: $(OBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -o $@ $(OBJ) $(LIBS)

$(BUILD)/%.o: src/%.c $(wildcard src/*.h) | $(BUILD)
	$(CC) $(ALL_CFLAGS) -c -o $@ $<

$(BUILD)/embed: tools/embed.c | $(BUILD)
	$(CC) -O1 $(shell pkg-config --cflags lua5.4) -o $@ $< $(shell pkg-config --libs lua5.4) -lm

$(BUILD)/embedded_checks.c: $(BUILD)/embed $(LUA)
	$(BUILD)/embed $(LUA) > $@.tmp && mv $@.tmp $@

$(BUILD)/embedded_checks.o: $(BUILD)/embedded_checks.c
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

# The metadata of every built-in check (src/check_index.h), from the checks
# themselves: the generator runs them as a scan without an index does.
$(BUILD)/gen_index: tools/gen_index.c tools/index_stub.c $(COREOBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -o $@ tools/gen_index.c tools/index_stub.c $(COREOBJ) $(LIBS)

$(BUILD)/check_index.c: $(BUILD)/gen_index
	$(BUILD)/gen_index > $@.tmp && mv $@.tmp $@

$(BUILD)/check_index.o: $(BUILD)/check_index.c
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/embedded_frameworks.c: $(BUILD)/embed $(FW)
	$(BUILD)/embed --symbol embedded_frameworks $(FW) > $@.tmp && mv $@.tmp $@

$(BUILD)/embedded_frameworks.o: $(BUILD)/embedded_frameworks.c
	$(CC) $(ALL_CFLAGS) -Isrc -c -o $@ $<

$(BUILD)/test_%: tests/unit/test_%.c $(LIBOBJ) tests/unit/unit.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -Itests/unit -o $@ $< $(LIBOBJ) $(LIBS)

$(BUILD)/fuzzrun_%: fuzz/fuzz_%.c fuzz/driver.c $(wildcard fuzz/*.h) $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -Ifuzz -o $@ $< fuzz/driver.c $(LIBOBJ) $(LIBS)

$(BUILD):
	mkdir -p $(BUILD)

unit: $(UNIT)
	@set -e; for t in $(UNIT); do $$t; done

test: $(BUILD)/plimsoll $(UNIT) $(FUZZRUN)
	@PLIMSOLL=$(CURDIR)/$(BUILD)/plimsoll tests/run_all.sh $(BUILD)

# The suite must fail against deliberately broken builds (a silent binary, a
# crashing one, one check left out of the embedded set, ...); about a minute.
prove-fail: $(BUILD)/plimsoll $(UNIT)
	@tests/prove_fail.sh $(BUILD)

# The whole suite again under AddressSanitizer + UndefinedBehaviorSanitizer.
asan:
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	        LDFLAGS="-fsanitize=address,undefined" build-asan/plimsoll
	$(MAKE) BUILD=build-asan OPT="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=all" \
	        LDFLAGS="-fsanitize=address,undefined" asan-test

asan-test: $(BUILD)/plimsoll $(UNIT) $(FUZZRUN)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    PLIMSOLL=$(CURDIR)/$(BUILD)/plimsoll tests/run_all.sh $(BUILD)

# The hostile-input suite alone (testdata/hostile/; make test and make asan run it too).
hostile: $(BUILD)/plimsoll
	@PLIMSOLL=$(CURDIR)/$(BUILD)/plimsoll tests/cli/test_hostile.sh

bench: $(BUILD)/plimsoll $(BUILD)/bench_parse
	@tests/bench.sh $(BUILD)
	@tests/bench_image.sh $(BUILD)

# A real Debian image (tools/build-real-image.sh, built once into a cache
# outside the repository) against tar -tzf over its layer: speed, peak memory.
bench-image: $(BUILD)/plimsoll
	@tests/bench_image.sh $(BUILD)

# The metered Lua pattern functions against Lua's own (ratios per workload).
bench-pattern: $(BUILD)/bench_pattern
	$(BUILD)/bench_pattern

$(BUILD)/bench_pattern: tools/bench_pattern.c src/lua_pattern.c src/lua_pattern.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ tools/bench_pattern.c src/lua_pattern.c $(LIBS)

$(BUILD)/bench_parse: tools/bench_parse.c $(LIBOBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LIBS)

# The check reference docs/checks/ (one page per input and an index), from
# the checks' metadata, and the man page docs/plimsoll.1, from the option
# table; tests/cli/test_checks_doc.sh and test_usage.sh fail when they are stale.
docs: $(BUILD)/plimsoll
	tools/checks_doc.sh $(BUILD)/plimsoll docs/checks
	$(BUILD)/plimsoll help --man > docs/plimsoll.1.tmp && mv docs/plimsoll.1.tmp docs/plimsoll.1

# ---- fuzzing (fuzz/README.md): libFuzzer harnesses built with clang under
# ASan + UBSan in build-fuzz/. `make fuzz` seeds the corpora (from testdata/
# and ../shared/corpus, into build-fuzz/corpus/) and runs every harness for
# FUZZ_TIME seconds, one after the other; `make fuzz-ci` is the short pass CI
# runs; `make fuzz-cov` reports the line coverage of src/ the corpora reach.
FUZZ_CC   ?= clang
FUZZ_TIME ?= 180
FUZZ_SAN   = -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer
FUZZ_OPT   = -O1 -g -fsanitize=fuzzer-no-link $(FUZZ_SAN)

fuzz-build:
	$(MAKE) BUILD=build-fuzz CC=$(FUZZ_CC) OPT="$(FUZZ_OPT)" LDFLAGS="$(FUZZ_SAN)" fuzz-bins

fuzz-bins: $(patsubst %,$(BUILD)/fuzz_%,$(FUZZERS))

$(BUILD)/fuzz_%: fuzz/fuzz_%.c $(wildcard fuzz/*.h) $(LIBOBJ)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -fsanitize=fuzzer -Isrc -Ifuzz -o $@ $< $(LIBOBJ) $(LIBS)

fuzz: fuzz-build
	tools/fuzz.py run $(FUZZ_TIME) $(FUZZERS)

fuzz-ci: fuzz-build
	tools/fuzz.py run 30 $(FUZZERS)

fuzz-cov:
	$(MAKE) BUILD=build-cov CC=$(FUZZ_CC) OPT="-O1 -g -fsanitize=fuzzer-no-link -fprofile-instr-generate -fcoverage-mapping" \
	        LDFLAGS="-fprofile-instr-generate" fuzz-bins
	tools/fuzz.py cov $(FUZZERS)

# The binary, the man page (docs/plimsoll.1, kept current by `make docs`)
# and the bash, zsh and fish completions, printed by the binary itself.
install: $(BUILD)/plimsoll
	install -d $(DESTDIR)$(PREFIX)/bin $(DESTDIR)$(PREFIX)/share/man/man1 \
	    $(DESTDIR)$(PREFIX)/share/bash-completion/completions $(DESTDIR)$(PREFIX)/share/zsh/site-functions \
	    $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d
	install -m 755 $(BUILD)/plimsoll $(DESTDIR)$(PREFIX)/bin/plimsoll
	install -m 644 docs/plimsoll.1 $(DESTDIR)$(PREFIX)/share/man/man1/plimsoll.1
	$(BUILD)/plimsoll completion bash > $(DESTDIR)$(PREFIX)/share/bash-completion/completions/plimsoll
	$(BUILD)/plimsoll completion zsh > $(DESTDIR)$(PREFIX)/share/zsh/site-functions/_plimsoll
	$(BUILD)/plimsoll completion fish > $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/plimsoll.fish

clean:
	rm -rf build build-asan build-fuzz/*.o build-fuzz/fuzz_* build-cov plimsoll

.PHONY: all test prove-fail unit asan asan-test hostile bench bench-image bench-pattern docs install clean plimsoll \
        fuzz fuzz-build fuzz-bins fuzz-ci fuzz-cov
