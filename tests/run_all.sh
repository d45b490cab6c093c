#!/usr/bin/env bash
# run_all.sh — the whole test suite: C unit tests, golden check tests, CLI
# tests. Usage: tests/run_all.sh BUILD_DIR. Prints "N passed, N failed" last
# and exits non-zero when anything failed.
set -u
build=${1:-build}
root=$(cd "$(dirname "$0")/.." && pwd)
export PLIMSOLL=${PLIMSOLL:-$root/$build/plimsoll}
export PLIMSOLL_TODAY=2026-11-25   # pins end-of-life decisions
export PLIMSOLL_VERIFY_STATE=1     # built-in checks on the unfrozen path: documents, plimsoll.once results, libraries and module state compared with copies after every document (src/lua_verify.c)
export NO_COLOR=1
pass=0 fail=0

echo "== unit tests"
for t in "$root/$build"/test_*; do
  [ -x "$t" ] || continue
  if out=$("$t" 2>&1); then
    echo "$out" | tail -n 1
  else
    echo "$out"
    echo "FAIL $t"
  fi
  p=$(echo "$out" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
  if [ -z "$p" ]; then fail=$((fail + 1)); continue; fi
  pass=$((pass + ${p% *})); fail=$((fail + ${p#* }))
done

echo "== golden check tests"
if out=$("$root/tests/golden.sh" 2>&1); then :; fi
echo "$out" | grep -v '^ok ' || true
p=$(echo "$out" | sed -n 's/^golden: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
if [ -z "$p" ]; then fail=$((fail + 1)); else pass=$((pass + ${p% *})); fail=$((fail + ${p#* })); fi

echo "== CLI tests"
for t in "$root"/tests/cli/test_*.sh; do
  out=$(bash "$t" 2>&1)
  echo "$out" | grep -v '^ok ' || true
  p=$(echo "$out" | sed -n 's/^[a-z_-]*: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p' | tail -n 1)
  if [ -z "$p" ]; then echo "FAIL $t (no result line)"; fail=$((fail + 1)); continue; fi
  pass=$((pass + ${p% *})); fail=$((fail + ${p#* }))
done

echo
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
