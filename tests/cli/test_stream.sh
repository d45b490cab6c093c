#!/usr/bin/env bash
# test_stream.sh — the text and JSON reports are streamed (stream.h: each
# file finished in its worker, one ordered merge at the end) unless another
# format or a baseline needs the whole result; PLIMSOLL_NO_STREAM forces the
# whole-result way. Both must print the same bytes and exit alike: every
# golden input, suppressions (comments, annotations, a configuration file),
# severity filters, both reports at once, -j 1 and -j 3, and a report file.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
both() { # name args... (run in $root): streamed and whole, stdout+stderr and exit code
  local name=$1
  shift
  local a b ra rb
  a=$(cd "$root" && "$bin" "$@" 2>&1); ra=$?
  b=$(cd "$root" && PLIMSOLL_NO_STREAM=1 "$bin" "$@" 2>&1); rb=$?
  if [ "$a" == "$b" ] && [ "$ra" -eq "$rb" ] && [ -n "$a" ]; then ok "$name (exit $ra)"
  else bad "$name: streamed and whole reports differ (exit $ra, $rb)" "$(diff <(echo "$b") <(echo "$a") | head -20)"; fi
}
for j in 1 3; do
  both "golden inputs, text, -j $j" scan --no-color --no-config -j "$j" testdata/checks
  both "golden inputs, json, -j $j" scan --no-config -j "$j" --format json testdata/checks
  both "examples, both reports, -j $j" scan --no-color --no-config -j "$j" --format text --format json="$tmp/r$j.json" testdata/examples
done
cmp -s "$tmp/r1.json" "$tmp/r3.json" && ok "report file identical for -j 1 and -j 3" || bad "report files differ"
both "suppressions and a configuration file" scan --no-color --format json testdata/suppress/config
both "suppressions, text" scan --no-color testdata/suppress
both "severity filter" scan --no-color --no-config --severity high,critical --fail-on critical testdata/checks
both "parse errors, text" scan --no-color --no-config testdata/cli
both "parse errors, json" scan --no-config --format json testdata/cli
both "nothing found" scan --no-color --no-config --only privileged-container testdata/examples/Dockerfile
finish stream
