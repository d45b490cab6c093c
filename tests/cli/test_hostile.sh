#!/usr/bin/env bash
# test_hostile.sh — the hostile-input suite of issue 13 (testdata/hostile/,
# described in its README.md). Each case builds its input in a folder of its
# own beside a copy of canary.yaml, runs plimsoll on it (under a time limit),
# and checks the exit code, the error text, what must not be printed, and
# that the canary's finding is still reported. `make asan` runs it under
# AddressSanitizer and UndefinedBehaviorSanitizer with the rest of the suite.
# HOSTILE=NAME runs one case.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
cases="$root/testdata/hostile/cases"
limit=${HOSTILE_TIMEOUT:-120}
n=0
for c in "$cases"/*.case; do
  name=$(basename "$c" .case)
  [ -n "${HOSTILE:-}" ] && [ "$HOSTILE" != "$name" ] && continue
  n=$((n + 1))
  dir="$tmp/$name"
  mkdir -p "$dir"
  cp "$root/testdata/hostile/canary.yaml" "$dir/canary.yaml"
  # shellcheck disable=SC1090
  result=$(
    cd "$dir" || exit 99
    args=(.) want_rc= want= absent= canary=1
    setup() { :; }
    after() { :; }
    source "$c"
    setup >/dev/null 2>&1 || { echo "SETUP-FAILED"; exit 0; }
    out=$(timeout -k 5 "$limit" "$bin" scan --no-color "${args[@]}" 2>&1 < /dev/null)
    rc=$?
    msg=""
    [ "$rc" = 124 ] || [ "$rc" = 137 ] && msg="$msg; hung (killed after $limit s)"
    [ -n "$want_rc" ] && [ "$rc" != "$want_rc" ] && msg="$msg; exit $rc, want $want_rc"
    [ "$rc" -gt 2 ] && msg="$msg; exit $rc (crash?)"
    [ -n "$want" ] && ! printf '%s\n' "$out" | grep -Eq -- "$want" && msg="$msg; output lacks /$want/"
    [ -n "$absent" ] && printf '%s\n' "$out" | grep -Eq -- "$absent" && msg="$msg; output has /$absent/"
    [ "$canary" = 1 ] && ! printf '%s\n' "$out" | grep -Eq 'canary\.yaml:[0-9]+:[0-9]+: critical privileged-container: .*\[Pod canary\]' &&
      msg="$msg; the canary's finding is missing"
    a=$(after "$out" 2>&1) || msg="$msg; after: $a"
    if [ -z "$msg" ]; then echo "OK"; else echo "${msg#; }"; echo "---"; printf '%s\n' "$out" | head -c 3000; fi
  )
  case "$result" in
    OK) ok "$name" ;;
    SETUP-FAILED) bad "$name: its setup failed" ;;
    *) bad "$name: ${result%%$'\n'*}" "$(printf '%s\n' "$result" | tail -n +2 | cut -c1-300)" ;;
  esac
done
[ -n "${HOSTILE:-}" ] || [ "$n" -ge 70 ] || bad "only $n hostile cases (at least 70)"
finish hostile
