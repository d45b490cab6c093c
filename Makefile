# plimsoll — plain Makefile: pkg-config for dependencies, objects in build/.
# Targets: all (default), test, prove-fail, asan, bench, docs, install, clean.

PREFIX  ?= /usr/local
CC      ?= cc
PKGS     = yaml-0.1 jansson libpcre2-8 lua5.4
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS))
PKG_LIBS   := $(shell pkg-config --libs $(PKGS))

WARN    = -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
          -Wpointer-arith -Wformat=2 -Wno-format-nonliteral -Wundef
OPT    ?= -O2 -g
# CFLAGS is the user's to add to (make CFLAGS=-Werror); ALL_CFLAGS is ours.
CFLAGS ?=
ALL_CFLAGS = -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE $(OPT) $(WARN) $(PKG_CFLAGS) $(CFLAGS)
LIBS    = $(PKG_LIBS) -lm -lpthread

BUILD  ?= build
SRC     = $(wildcard src/*.c)
OBJ     = $(patsubst src/%.c,$(BUILD)/%.o,$(SRC)) $(BUILD)/embedded_checks.o
LIBOBJ  = $(filter-out $(BUILD)/main.o,$(OBJ))
LUA     = $(shell find checks -name '*.lua' | LC_ALL=C sort)
UNIT    = $(patsubst tests/unit/%.c,$(BUILD)/%,$(wildcard tests/unit/test_*.c))

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

$(BUILD)/test_%: tests/unit/test_%.c $(LIBOBJ) tests/unit/unit.h
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -Itests/unit -o $@ $< $(LIBOBJ) $(LIBS)

$(BUILD):
	mkdir -p $(BUILD)

unit: $(UNIT)
	@set -e; for t in $(UNIT); do $$t; done

test: $(BUILD)/plimsoll $(UNIT)
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

asan-test: $(BUILD)/plimsoll $(UNIT)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	    PLIMSOLL=$(CURDIR)/$(BUILD)/plimsoll tests/run_all.sh $(BUILD)

bench: $(BUILD)/plimsoll $(BUILD)/bench_parse
	@tests/bench.sh $(BUILD)

# The metered Lua pattern functions against Lua's own (ratios per workload).
bench-pattern: $(BUILD)/bench_pattern
	$(BUILD)/bench_pattern

$(BUILD)/bench_pattern: tools/bench_pattern.c src/lua_pattern.c src/lua_pattern.h | $(BUILD)
	$(CC) $(ALL_CFLAGS) -Isrc -o $@ tools/bench_pattern.c src/lua_pattern.c $(LIBS)

$(BUILD)/bench_parse: tools/bench_parse.c $(LIBOBJ) | $(BUILD)
	$(CC) $(ALL_CFLAGS) $(LDFLAGS) -Isrc -o $@ $< $(LIBOBJ) $(LIBS)

# The check reference docs/checks/ (one page per input and an index), from
# the checks' metadata; tests/cli/test_checks_doc.sh fails when it is stale.
docs: $(BUILD)/plimsoll
	tools/checks_doc.sh $(BUILD)/plimsoll docs/checks

install: plimsoll
	install -d $(DESTDIR)$(PREFIX)/bin
	install -m 755 plimsoll $(DESTDIR)$(PREFIX)/bin/plimsoll

clean:
	rm -rf build build-asan plimsoll

.PHONY: all test prove-fail unit asan asan-test bench bench-pattern docs install clean plimsoll
