#!/usr/bin/env bash
# test_sandbox.sh — custom checks that try to crash, hang, escape or tamper
# with the scan. Each case is a folder testdata/sandbox/<case>/ holding
# checks/ (given to --checks) and `expect`, one assertion a line:
#   args ARGS...     extra scan arguments
#   rc N             the exit code
#   out REGEX        some output line matches (extended regex)
#   no REGEX         no output line matches
#   count N REGEX    exactly N output lines match
# Every case scans ../canary.yaml (a privileged pod) beside the case's own
# *.yaml, and must still report the built-in privileged-container finding
# on it: whatever a custom check does, the scan goes on. A case that runs
# longer than 60 s fails (a hang).
. "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cases=0
for dir in "$root"/testdata/sandbox/*/; do
  dir=${dir%/}
  name=sandbox/$(basename "$dir")
  [ -f "$dir/expect" ] || { bad "$name: no expect file"; continue; }
  cases=$((cases + 1))
  args=$(sed -n 's/^args //p' "$dir/expect")
  inputs=$(cd "$dir" && ls *.yaml 2>/dev/null | tr '\n' ' ')
  # shellcheck disable=SC2086
  out=$(cd "$dir" && timeout 60 "$bin" scan --no-color --checks checks $args ../canary.yaml $inputs 2>&1); rc=$?
  [ "$rc" -eq 124 ] && { bad "$name: hung (killed after 60 s)"; continue; }
  [ "$rc" -ge 128 ] && { bad "$name: crashed (exit $rc)" "$out"; continue; }
  if echo "$out" | grep -q '^\.\./canary.yaml:12:7: critical privileged-container: '; then ok "$name: canary still reported"
  else bad "$name: the canary's finding is missing" "$out"; fi
  while IFS= read -r line; do
    case $line in
      "rc "*) expect_rc "$name" "${line#rc }" ;;
      "out "*) expect_out "$name: /${line#out }/" "${line#out }" ;;
      "no "*) expect_no_out "$name: not /${line#no }/" "${line#no }" ;;
      "count "*)
        rest=${line#count }; want=${rest%% *}; re=${rest#* }
        got=$(echo "$out" | grep -Ec -- "$re")
        if [ "$got" -eq "$want" ]; then ok "$name: $want × /$re/"; else bad "$name: $got × /$re/, want $want" "$out"; fi ;;
      "args "*|"") ;;
      *) bad "$name: bad expect line: $line" ;;
    esac
  done < "$dir/expect"
done
[ "$cases" -ge 40 ] && ok "at least 40 sandbox cases ($cases)" || bad "only $cases sandbox cases"
finish sandbox
