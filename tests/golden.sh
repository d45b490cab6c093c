#!/usr/bin/env bash
# golden.sh — golden tests for checks. Each case is a directory
#   testdata/checks/<check-name>/<pass|fail>-<what>/
# holding input files and `expected`: the headline lines of the text report
# (file:line:col: severity name: message [resource]) for `plimsoll scan
# --only <check-name>` run inside the case directory. A case may hold `args`
# (extra command-line arguments, one line). Every check listed by
# `plimsoll checks` must have at least one fail-* case that reports it and one
# pass-* case.
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
bin=${PLIMSOLL:-$root/build/plimsoll}
export PLIMSOLL_TODAY=${PLIMSOLL_TODAY:-2026-11-25} NO_COLOR=1
pass=0 fail=0
headline='^[^ ].*:[0-9]+:[0-9]+: |^[^ ].*: error: '

run_case() { # dir check
  local dir=$1 check=$2 extra=""
  [ -f "$dir/args" ] && extra=$(cat "$dir/args")
  local inputs
  inputs=$(cd "$dir" && ls -A | grep -vx -e expected -e args | LC_ALL=C sort | tr '\n' ' ')
  # shellcheck disable=SC2086
  (cd "$dir" && "$bin" scan --no-color --only "$check" $extra $inputs) 2>&1 | grep -E "$headline" || true
}

for cdir in "$root"/testdata/checks/*/; do
  check=$(basename "$cdir")
  for dir in "$cdir"*/; do
    dir=${dir%/}
    name="$check/$(basename "$dir")"
    if [ ! -f "$dir/expected" ]; then echo "FAIL $name: no expected file"; fail=$((fail + 1)); continue; fi
    got=$(run_case "$dir" "$check")
    if [ "$got" == "$(cat "$dir/expected")" ]; then
      echo "ok $name"; pass=$((pass + 1))
    else
      echo "FAIL $name"; diff <(cat "$dir/expected") <(echo "$got") | sed 's/^/    /'
      fail=$((fail + 1))
    fi
    case $(basename "$dir") in
      fail-*) grep -q " $check: " "$dir/expected" || { echo "FAIL $name: a fail- case must report $check"; fail=$((fail + 1)); } ;;
      pass-*) if grep -q " $check: " "$dir/expected"; then echo "FAIL $name: a pass- case must not report $check"; fail=$((fail + 1)); fi ;;
      *) echo "FAIL $name: case directories are named pass-* or fail-*"; fail=$((fail + 1)) ;;
    esac
  done
done

# Every check needs both kinds of case.
for check in $("$bin" checks --format json | sed -n 's/^    "name": "\(.*\)",$/\1/p'); do
  ls -d "$root/testdata/checks/$check"/fail-* >/dev/null 2>&1 || { echo "FAIL $check: no fail-* golden case"; fail=$((fail + 1)); }
  ls -d "$root/testdata/checks/$check"/pass-* >/dev/null 2>&1 || { echo "FAIL $check: no pass-* golden case"; fail=$((fail + 1)); }
done
echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
