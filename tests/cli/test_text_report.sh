#!/usr/bin/env bash
# test_text_report.sh — the text report leads with what matters (issue 12):
# risks first, then hardening; one Kubernetes container's or Compose
# service's hardening findings in one entry with one combined fix; the same
# report streamed or whole; machine formats keep one result per check; and
# the combined fix, pasted as a user would, fixes what it lists.
# UPDATE=1 rewrites the golden file.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root/testdata/text-report" || exit 2
export PLIMSOLL_TODAY=2026-11-25 NO_COLOR=1
exp=expected/report.txt

run "$bin" scan --no-config --no-context --no-color input
printf '%s\nexit %s\n' "$out" "$rc" > "$tmp/report.txt"
if [ -n "${UPDATE:-}" ]; then cp "$tmp/report.txt" "$exp"; ok "updated $exp"
elif diff -u "$exp" "$tmp/report.txt" > "$tmp/diff"; then ok "golden text report (complete output and exit code)"
else bad "golden text report differs" "$(cat "$tmp/diff")"; fi
text=$out

run env PLIMSOLL_NO_STREAM=1 "$bin" scan --no-config --no-context --no-color input
if [ "$out" = "$text" ]; then ok "streamed and whole text reports are identical"
else bad "streamed and whole text reports differ" "$(diff <(echo "$text") <(echo "$out"))"; fi
for j in 1 2; do
  run "$bin" scan -j "$j" --no-config --no-context --no-color input
  [ "$out" = "$text" ] && ok "-j $j: the same report" || bad "-j $j changes the report"
done

# risks first: every risk headline comes before the first hardening entry
first_hardening=$(echo "$text" | grep -n '^Hardening: ' | cut -d: -f1)
last_risk=$(echo "$text" | grep -nE ': (critical|high|medium|low|info) (runtime-socket-mounted|host-pid):' | tail -1 | cut -d: -f1)
if [ -n "$first_hardening" ] && [ -n "$last_risk" ] && [ "$last_risk" -lt "$first_hardening" ]; then
  ok "risks are listed before hardening"
else bad "risks are not first (last risk line $last_risk, hardening heading $first_hardening)"; fi
expect_rc "findings: exit 1" 1

# one entry per resource: the container "app" and the service "web"
n=$(echo "$text" | grep -c 'hardening: [0-9]* safer defaults not set')
[ "$n" = 2 ] && ok "two grouped entries (container app, service web)" || bad "want 2 grouped entries, got $n"
echo "$text" | grep -q 'deploy.yaml:19:11: medium hardening: [0-9]* safer defaults not set in container "app" \[Deployment web/shop\]' &&
  ok "a container's entry names the container and its workload" || bad "container entry headline" "$text"
echo "$text" | grep -q 'compose.yaml:2:3: medium hardening: [0-9]* safer defaults not set \[service web\]' &&
  ok "a service's entry names the service once" || bad "service entry headline" "$text"

# machine formats: one result per check, carrying the class
run "$bin" scan --no-config --no-context --format json input
echo "$out" > "$tmp/report.json"
python3 - "$tmp/report.json" "$tmp/report.txt" <<'PY' && ok "JSON keeps one result per check with its class; the text lists each of them" || bad "JSON vs text"
import json, re, sys
r = json.load(open(sys.argv[1]))
text = open(sys.argv[2]).read()
f = r["findings"]
assert len(f) == r["summary"]["findings"], (len(f), r["summary"]["findings"])
for x in f:
    assert x["class"] in ("risk", "hardening"), x
    # every finding is in the text: as a headline or as a member line of a group
    assert re.search(r"(%s \S*%s[ :(])" % (x["severity"], re.escape(x["name"])), text), x["name"]
PY

# the combined fix fixes: paste each entry's block into its file, rescan;
# every finding whose check gave a structured fix is gone
for f in deploy.yaml compose.yaml; do
  applied=$(python3 "$root/tests/text_fix_apply.py" "$tmp/report.txt" "input/$f" "$tmp/$f") || { bad "applying the fix to $f failed"; continue; }
  [ "$applied" = 1 ] && ok "$f: the grouped entry's fix applies" || bad "$f: $applied entries applied"
  before=$(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))
print(" ".join(sorted(x["name"] for x in r["findings"] if x["file"].endswith(sys.argv[2]) and x["class"] == "hardening" and x.get("fix"))))' "$tmp/report.json" "$f")
  cp "$tmp/$f" "$tmp/fixed-$f"
  run "$bin" scan --no-config --no-context --format json "$tmp/fixed-$f" input/netpol.yaml
  left=$(echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
want = set(sys.argv[1].split())
print(" ".join(sorted(x["name"] for x in r["findings"] if x["name"] in want)))' "$before")
  if [ -n "$before" ] && [ -z "$left" ]; then ok "$f: the pasted fix resolves every finding with a structured fix ($before)"
  else bad "$f: still reported after the fix: '$left' (of '$before')"; fi
done

# a report with only one kind has no headings
run "$bin" scan --no-config --no-context --no-color --only host-pid input
expect_no_out "one kind of finding: no section headings" '^(Risks|Hardening): '
finish text_report
