#!/usr/bin/env bash
# test_globals.sh — "no mutable global anywhere" (docs/architecture.md), kept
# true: every object file of the build (the folder of $PLIMSOLL) is read with
# `objdump -t`, and each data object in a writable section (.data, .bss,
# .data.rel.local, thread-local .tdata/.tbss, common symbols) is a failure
# naming its object file and symbol. Read-only data (.rodata, .data.rel.ro,
# which the loader makes read-only after relocation) is fine. A probe object
# with a static counter proves the inspection can fail.
set -u
source "$(dirname "$0")/lib.sh"
objdir=$(dirname "$bin")

# Symbols the sanitizers add to every instrumented object; not ours.
tool_symbol='^(__odr_asan[._]|___asan_gen_|__asan_|__ubsan_|__sancov_|__tsan_)'

# mutable_globals OBJ... — one "object: symbol (section)" line per writable
# data object.
mutable_globals() {
  local o
  for o in "$@"; do
    objdump -t "$o" | awk -v obj="$(basename "$o")" -v skip="$tool_symbol" '
      # e.g. "0000000000000010 l     O .bss	0000000000000008 last_r.2"
      / O / {
        sec = ""
        for (i = 1; i <= NF; i++) if ($i == "O") { sec = $(i + 1); break }
        name = $NF
        if (sec !~ /^(\.data|\.bss|\.tdata|\.tbss|\*COM\*)/) next
        if (sec ~ /^\.data\.rel\.ro/) next
        if (name ~ skip) next
        print obj ": " name " (" sec ")"
      }'
  done
}

if ! command -v objdump > /dev/null; then
  bad "objdump (binutils) is needed to inspect the objects"
  finish globals
  exit
fi

# The inspection itself finds a writable static, a static local and a
# non-const pointer table, and passes fully const data.
cat > "$tmp/probe.c" <<'EOF'
static int counter;
static const char *names[] = {"a", "b"};
static const char *const fixed[] = {"c", "d"};
int probe(int i);
int probe(int i)
{
    static long calls;
    calls++;
    names[i & 1] = fixed[i & 1];
    return counter++ + (int)calls + (int)names[0][0];
}
EOF
if ${CC:-cc} -O2 -fPIE -c -o "$tmp/probe.o" "$tmp/probe.c" 2> "$tmp/cc.err"; then
  got=$(mutable_globals "$tmp/probe.o")
  for want in counter calls names; do
    if echo "$got" | grep -Eq "^probe.o: $want(\.[0-9]+)? "; then ok "probe: $want found"
    else bad "probe: $want not found" "$got"; fi
  done
  if echo "$got" | grep -q "fixed"; then bad "probe: const table reported" "$got"; else ok "probe: const table not reported"; fi
else
  bad "probe does not compile" "$(cat "$tmp/cc.err")"
fi

# Every object of the build (the embedded checks included).
shopt -s nullglob
objs=("$objdir"/*.o)
if [ "${#objs[@]}" -lt 10 ] || [ ! -e "$objdir/main.o" ] || [ ! -e "$objdir/embedded_checks.o" ]; then
  bad "objects of the build not found in $objdir (${#objs[@]} found)"
else
  ok "${#objs[@]} objects in $(basename "$objdir")"
  found=$(mutable_globals "${objs[@]}")
  if [ -z "$found" ]; then ok "no mutable global in any object"
  else
    while IFS= read -r line; do bad "mutable global: $line"; done <<< "$found"
  fi
fi
finish globals
