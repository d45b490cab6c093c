#!/usr/bin/env bash
# test_checks_doc.sh — `plimsoll checks --input`, its JSON and Markdown
# forms, and the generated reference docs/checks/ being what the binary
# writes now.
set -u
source "$(dirname "$0")/lib.sh"
root=$(cd "$data/../.." && pwd)
cd "$root" || exit 2

# --input filters: every listed check declares the input, and none is missing
"$bin" checks --format json > "$tmp/all.json"
for input in kubernetes compose dockerfile image; do
  run "$bin" checks --input "$input"
  expect_rc "checks --input $input" 0
  want=$(python3 -c 'import json,sys; print(sum(sys.argv[2] in c["inputs"] for c in json.load(open(sys.argv[1]))))' "$tmp/all.json" "$input")
  got=$(echo "$out" | tail -n +2 | awk -v want="$input" 'index("," $4 ",", "," want ",")' | wc -l)
  lines=$(echo "$out" | tail -n +2 | wc -l)
  if [ "$got" -eq "$want" ] && [ "$lines" -eq "$want" ] && [ "$want" -gt 0 ]; then ok "--input $input lists its $want checks, only those"
  else bad "--input $input: $lines lines, $got of input $input, want $want" "$out"; fi
done
a=$("$bin" checks --input dockerfile --input image 2>&1)
b=$("$bin" checks --input dockerfile,image 2>&1)
[ "$a" == "$b" ] && ok "--input repeated = comma list" || bad "--input repeated differs from comma list"
echo "$a" | tail -n +2 | grep -Ev '(dockerfile|image)' >/dev/null && bad "--input dockerfile,image lists another input" "$a" || ok "--input list: only those inputs"
run "$bin" checks --input dockerfile --format json
echo "$out" | python3 -c '
import json, sys
cs = json.load(sys.stdin)
assert cs and all("dockerfile" in c["inputs"] for c in cs)
for c in cs:
    for k in ("id", "name", "severity", "title", "inputs", "controls", "kinds", "description", "remediation", "file"):
        assert k in c, (c["name"], k)
    assert c["description"] and c["remediation"] and c["file"].endswith(".lua")
' && ok "JSON listing filtered, with description, remediation, kinds, file" || bad "JSON listing" "$out"
run "$bin" checks --input kubernetes --format json
echo "$out" | python3 -c '
import json, sys
c = {c["name"]: c for c in json.load(sys.stdin)}
assert "Deployment" in c["privileged-container"]["kinds"], c["privileged-container"]["kinds"]
assert c["default-namespace"]["kinds"] is None or c["default-namespace"]["kinds"]
' && ok "JSON kinds: a list, null for every kind" || bad "JSON kinds" "$out"
run "$bin" checks --input nope;          expect_rc "unknown input" 2; expect_out "unknown input named" "unknown input 'nope'"
run "$bin" checks --input "";            expect_rc "empty --input" 2
run "$bin" scan --input dockerfile .;    expect_rc "--input is not a scan option" 2; expect_out "says whose option" 'not an option of scan \(it is one of: checks, new-check'
run "$bin" checks --format sarif;        expect_rc "checks --format sarif refused" 2; expect_out "names the formats" 'text, json or markdown'

# Markdown: a page per input, a section per check, anchors that exist
run "$bin" checks --format markdown --input image
expect_rc "markdown" 0
expect_out "markdown title" '^# Image config checks$'
n_sections=$(echo "$out" | grep -c '^## ')
n_image=$(python3 -c 'import json,sys; print(sum("image" in c["inputs"] for c in json.load(open(sys.argv[1]))))' "$tmp/all.json")
[ "$n_sections" -eq "$n_image" ] && ok "markdown: one section per image check ($n_image)" || bad "markdown sections: $n_sections, want $n_image"
missing=$(echo "$out" | grep -o '](#[a-z0-9-]*)' | sed 's/](#//;s/)//' | while read -r a; do echo "$out" | grep -qx "## $a" || echo "$a"; done)
[ -z "$missing" ] && ok "markdown: every anchor has its section" || bad "markdown anchors without a section" "$missing"
echo "$out" | grep -q '&lt;' && ok "markdown: <placeholders> escaped" || bad "markdown: no escaped < (did a description lose its <...>?)"
run "$bin" checks --format markdown --input kubernetes
expect_out "multi-line remediation in a code block" '^```text$'
prose=$(echo "$out" | awk '/^```/ { code = !code; next } !code' | sed 's/`[^`]*`//g')
echo "$prose" | grep -E '<[a-z][a-z-]*>' >/dev/null && bad "raw <placeholder> in prose (renders as HTML)" "$(echo "$prose" | grep -E '<[a-z]')" || ok "no raw <placeholder> in prose"

# the committed reference is what this binary generates
if tools/checks_doc.sh "$bin" "$tmp/ref" 2> "$tmp/ref.err"; then
  if d=$(diff -r docs/checks "$tmp/ref"); then ok "docs/checks is up to date"
  else bad "docs/checks is stale: run make docs" "$d"; fi
else
  bad "tools/checks_doc.sh failed" "$(cat "$tmp/ref.err")"
fi
for page in README kubernetes compose dockerfile image; do
  [ -f "docs/checks/$page.md" ] && ok "docs/checks/$page.md exists" || bad "docs/checks/$page.md missing: run make docs"
done

finish checks_doc
