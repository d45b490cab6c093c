#!/usr/bin/env bash
# test_docs.sh — the examples in the docs run and say what the docs say.
set -u
source "$(dirname "$0")/lib.sh"
cd "$data/../.."
# docs/writing-checks.md: the example check file is the one in the doc
doc=docs/writing-checks.md
sed -n '/^```lua$/,/^```$/p' "$doc" | sed '1d;$d' > "$tmp/from-doc.lua"
if diff -q "$tmp/from-doc.lua" testdata/docs/checks/no-debug-label.lua >/dev/null; then ok "doc example = tested file"
else bad "docs/writing-checks.md example differs from testdata/docs/checks/no-debug-label.lua"; fi
want=$(sed -n 's/^    \(testdata\/docs\/debug.yaml:.*\)$/\1/p' "$doc")
run "$bin" scan --checks testdata/docs/checks testdata/docs/debug.yaml --only no-debug-label
[ "$(echo "$out" | head -n 1)" == "$want" ] && ok "doc example output" || bad "doc example output" "$out"
finish docs
