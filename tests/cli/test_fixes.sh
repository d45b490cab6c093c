#!/usr/bin/env bash
# test_fixes.sh — the structured fixes (`fix` in the JSON report) of the
# hardening checks: testdata/fixes/case holds a Deployment and a Compose file
# missing hardening defaults in several shapes (nothing set, a wrong value, a
# request or reservation the limit must not undercut, other security_opt
# entries to keep, a quoted service name). Checked:
#   - every finding's check, path and fix (null where the check gives none)
#     against testdata/fixes/expected, so a wrong path or value fails;
#   - applying every hardening fix (tests/apply_fixes.py) and scanning again
#     leaves no finding of a check that gave one, and adds no finding.
set -u
source "$(dirname "$0")/lib.sh"
fixes="$data/../fixes"
export PLIMSOLL_TODAY=${PLIMSOLL_TODAY:-2026-11-25}
rows='.findings[] | [.name, .path, (.fix | tojson)] | @tsv'
keys='.findings[] | [.name, (.file | split("/") | last), .resource.kind, .resource.name, .path] | @tsv'

cd "$fixes" || exit 2
run "$bin" scan --no-context --format json case
expect_rc "the case has findings" 1
echo "$out" > "$tmp/before.json"
got=$(jq -r "$rows" "$tmp/before.json")
if [ "$got" == "$(cat expected)" ]; then ok "fixes as expected ($(grep -c '\[{' expected) findings with a fix)"
else bad "fixes differ from testdata/fixes/expected" "$(diff <(echo "$got") expected)"; fi

mkdir -p "$tmp/fixed"
if msg=$(python3 "$data/../../tests/apply_fixes.py" "$tmp/before.json" case "$tmp/fixed" hardening 2>&1); then
  ok "every hardening fix applies to its document"
else bad "a fix does not apply" "$msg"; fi
cd "$tmp" || exit 2
cp -r fixed case-fixed
run "$bin" scan --no-context --format json case-fixed
echo "$out" > "$tmp/after.json"
fixed_checks=$(jq -r '[.findings[] | select(.class == "hardening" and .fix != null) | .name] | unique | .[]' before.json)
left=$(jq -r --arg c "$fixed_checks" '.findings[] | select(.name as $n | ($c | split("\n")) | index($n)) | "\(.name) \(.path)"' after.json)
[ -n "$fixed_checks" ] && [ -z "$left" ] && ok "after the fixes no finding of $(echo "$fixed_checks" | wc -l) fixed checks is left" \
  || bad "findings left after applying the fixes" "$left"
new=$(comm -13 <(jq -r "$keys" before.json | cut -f1-4 | sort -u) <(jq -r "$keys" after.json | cut -f1-4 | sort -u))
[ -z "$new" ] && ok "the fixes add no finding" || bad "the fixes add findings" "$new"
finish fixes
