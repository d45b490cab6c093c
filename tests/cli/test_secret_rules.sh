#!/usr/bin/env bash
# test_secret_rules.sh — every rule of checks/lib/secret_rules.lua has a
# synthetic sample that it (and no earlier rule) matches, and a near miss that
# nothing matches: the golden cases hardcoded-secret/fail-rule-set and
# pass-rule-set hold one LABEL per rule, named after its id. No sample is
# printed whole in any format.
set -u
source "$(dirname "$0")/lib.sh"
root="$data/../.."
rules="$root/checks/lib/secret_rules.lua"
fail_case="$root/testdata/checks/hardcoded-secret/fail-rule-set"
pass_case="$root/testdata/checks/hardcoded-secret/pass-rule-set"
n=0
while IFS=$'\t' read -r id label; do
  n=$((n + 1))
  if grep -qF "LABEL $id holds a secret ($label):" "$fail_case/expected"; then ok "sample of $id matched as $label"
  else bad "rule $id ($label) has no matching sample in fail-rule-set"; fi
  if grep -q "^LABEL $id=" "$pass_case/Dockerfile"; then ok "near miss of $id present"
  else bad "rule $id has no near miss in pass-rule-set"; fi
done < <(sed -n 's/^ *{ id = "\([a-z0-9-]*\)", label = "\([^"]*\)".*/\1\t\2/p' "$rules")
if [ "$n" -ge 60 ]; then ok "$n rules read"; else bad "only $n rules read from $rules"; fi
# the samples never appear whole, in any format
for fmt in text json sarif; do
  out=$("$bin" scan --no-color --format "$fmt" --only hardcoded-secret "$fail_case/Dockerfile" 2>&1)
  rc=$?
  # a report of the samples, not an empty or crashed run, is what is checked for leaks
  if [ "$rc" -eq 1 ] && [ "$(printf '%s' "$out" | grep -c 'hardcoded-secret')" -ge "$n" ]; then ok "$fmt report names every sample (exit 1)"
  else bad "$fmt report of fail-rule-set: exit $rc, fewer than $n hardcoded-secret findings"; fi
  leaked=0
  while read -r value; do
    [ ${#value} -ge 12 ] && printf '%s' "$out" | grep -qF -- "$value" && { leaked=1; bad "$fmt output shows a sample whole: ${value:0:4}…"; }
  done < <(sed -n "s/^LABEL [a-z0-9-]*=[\"']\(.*\)[\"']$/\1/p" "$fail_case/Dockerfile" | grep -oE '[A-Za-z0-9_+/~-]{16,}' | grep '[a-z]' | grep '[A-Z]' | grep '[0-9]')
  [ "$leaked" -eq 0 ] && ok "$fmt output masks every sample"
done
finish secret_rules
