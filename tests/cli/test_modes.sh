#!/usr/bin/env bash
# test_modes.sh — without custom checks, built-in checks get plain document
# tables and unfrozen libraries (they are trusted not to write, and every
# other test holds them to it: the suite runs with PLIMSOLL_VERIFY_STATE,
# which hands out read-only views). Both ways must give the same report:
# compared on every golden case input, the examples and the format cases.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
for dir in testdata/checks testdata/examples testdata/formats testdata/suppress; do
  plain=$(cd "$root" && env -u PLIMSOLL_VERIFY_STATE "$bin" scan --no-config --format json --fail-on none "$dir" 2>&1)
  views=$(cd "$root" && PLIMSOLL_VERIFY_STATE=1 "$bin" scan --no-config --format json --fail-on none "$dir" 2>&1)
  if [ "$plain" == "$views" ] && echo "$plain" | grep -q '"findings": [1-9]'; then ok "$dir: same report either way"
  else bad "$dir: plain tables and views differ" "$(diff <(echo "$views") <(echo "$plain") | head -20)"; fi
done
finish modes
