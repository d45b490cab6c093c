#!/usr/bin/env bash
# test_modes.sh — without custom checks, built-in checks get plain document
# tables and unfrozen libraries; with --checks (any directory, even an empty
# one) every check, built-in ones too, gets read-only views and frozen
# libraries. Both ways must give the same report: compared on every golden
# case input, the examples and the format cases. The suite runs with
# PLIMSOLL_VERIFY_STATE, which verifies the plain way itself: after each
# document the document table, the results of plimsoll.once and everything
# the checks share are compared with copies (src/lua_verify.c); a change
# there is an error in the report, so these reports would differ.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
empty=$(mktemp -d)
trap 'rm -rf "$empty"' EXIT
for dir in testdata/checks testdata/examples testdata/formats testdata/suppress; do
  plain=$(cd "$root" && PLIMSOLL_VERIFY_STATE=1 "$bin" scan --no-config --format json --fail-on none "$dir" 2>&1)
  views=$(cd "$root" && PLIMSOLL_VERIFY_STATE=1 "$bin" scan --no-config --checks "$empty" --format json --fail-on none "$dir" 2>&1)
  if [ "$plain" == "$views" ] && echo "$plain" | grep -q '"findings": [1-9]'; then ok "$dir: same report either way"
  else bad "$dir: plain tables and views differ" "$(diff <(echo "$views") <(echo "$plain") | head -20)"; fi
done
finish modes
