#!/usr/bin/env bash
# test_docs.sh — the examples in the docs run and say what the docs say.
set -u
source "$(dirname "$0")/lib.sh"
cd "$data/../.."
# docs/writing-checks.md: the example check file is the one in the doc
doc=docs/writing-checks.md
sed -n '/^```lua$/,/^```$/p' "$doc" | sed '1d;$d' > "$tmp/from-doc.lua"
if diff -q "$tmp/from-doc.lua" testdata/docs/checks/no_debug_label.lua >/dev/null; then ok "doc example = tested file"
else bad "docs/writing-checks.md example differs from testdata/docs/checks/no_debug_label.lua"; fi
want=$(sed -n 's/^    \(testdata\/docs\/debug.yaml:.*\)$/\1/p' "$doc")
run "$bin" scan --checks testdata/docs/checks testdata/docs/debug.yaml --only no-debug-label
[ "$(echo "$out" | head -n 1)" == "$want" ] && ok "doc example output" || bad "doc example output" "$out"
# README.md: the sample output is what the command prints
cmd=$(sed -n 's/^    \$ \.\/plimsoll \(scan --only .*\)$/\1/p' README.md)
sed -n '/^    \$ \.\/plimsoll scan --only/,/^    [0-9]* findings/p' README.md | sed '1d;s/^    //' > "$tmp/readme.txt"
# shellcheck disable=SC2086
"$bin" $cmd > "$tmp/actual.txt" 2>&1
if diff "$tmp/readme.txt" "$tmp/actual.txt" >/dev/null; then ok "README sample output"; else bad "README sample output" "$(diff "$tmp/readme.txt" "$tmp/actual.txt")"; fi
finish docs
