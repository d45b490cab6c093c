#!/usr/bin/env bash
# test_formats.sh — the CI report formats (sarif, github, junit, gitlab):
# golden outputs, several formats in one run, GitHub escaping and step
# summary, secrets masked everywhere, relative paths, SARIF validated with
# Microsoft's SARIF Multitool. UPDATE=1 rewrites the golden files.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
export PLIMSOLL_TODAY=2026-11-25
unset GITHUB_STEP_SUMMARY
in=testdata/formats/input
exp=testdata/formats/expected
only=(--only privileged-container,secret-in-env,latest-image-tag,runs-as-root)

# sarif_validate FILE...: every file through the SARIF Multitool; no error or warning.
sarif_validate() {
  local mt=${SARIF_MULTITOOL:-}
  if [ -z "$mt" ]; then
    for d in "$root"/build/npm "$root"/build-*/npm; do
      [ -x "$d/node_modules/.bin/sarif-multitool" ] && { mt="$d/node_modules/.bin/sarif-multitool"; break; }
    done
  fi
  if [ -z "$mt" ]; then
    if [ -n "${PLIMSOLL_REQUIRE_SARIF_VALIDATOR:-}" ]; then bad "sarif multitool not installed (npm install --prefix build/npm @microsoft/sarif-multitool)"
    else ok "sarif validation skipped: multitool not installed (.ci/run installs it)"; fi
    return
  fi
  local v; v=$("$mt" validate "$@" 2>&1)
  if echo "$v" | grep -Eq '\): (error|warning) ' || ! echo "$v" | grep -q 'Analysis completed successfully'; then
    bad "sarif multitool validate $*" "$v"
  else
    ok "sarif multitool validates $# file(s)"
  fi
}

golden() { # name file
  if [ -n "${UPDATE:-}" ]; then cp "$2" "$exp/$1"; ok "updated $1"; return; fi
  if diff -u "$exp/$1" "$2" > "$tmp/diff"; then ok "golden $1"; else bad "golden $1 differs" "$(cat "$tmp/diff")"; fi
}

for f in sarif github junit gitlab json; do
  run "$bin" scan "${only[@]}" --format "$f" --output "$tmp/out.$f" "$in"
  expect_rc "format $f exit code" 1
  golden "report.$f" "$tmp/out.$f"
done

# Several formats in one run: F=FILE and --format F --output FILE pairs, one to stdout.
run "$bin" scan "${only[@]}" --format sarif="$tmp/multi.sarif" --format junit --output "$tmp/multi.junit" \
    --format gitlab="$tmp/multi.gitlab" --format github "$in"
expect_rc "several formats in one run" 1
echo "$out" > "$tmp/multi.github"
for f in sarif junit gitlab github; do
  if cmp -s "$tmp/multi.$f" "$tmp/out.$f"; then ok "multi-format $f equals the single run"; else bad "multi-format $f differs" "$(diff "$tmp/multi.$f" "$tmp/out.$f" | head)"; fi
done
run "$bin" scan --format json --format sarif "$in"
expect_rc "two reports to stdout is a usage error" 2
expect_out "two reports to stdout says why" "only one report can go to stdout"
run "$bin" scan --format xml "$in"
expect_rc "unknown format" 2

# Secrets never leave whole, in any format.
if grep -l -e 8f3k2m9x7q -e hunter2hunter2 "$tmp"/out.* "$tmp"/multi.* >/dev/null 2>&1; then
  bad "a secret appears whole" "$(grep -l -e 8f3k2m9x7q -e hunter2hunter2 "$tmp"/out.* "$tmp"/multi.*)"
else ok "secrets masked in every format"; fi

# Relative paths: an absolute argument under the current folder is made relative.
run "$bin" scan "${only[@]}" --format sarif "$root/$in"
if echo "$out" | grep -q '"uri": "/'; then bad "absolute uri in sarif" "$(echo "$out" | grep uri | head -3)"; else ok "sarif uris relative for absolute arguments"; fi
echo "$out" > "$tmp/abs.sarif"
if cmp -s "$tmp/abs.sarif" "$tmp/out.sarif"; then ok "sarif identical for ./relative and absolute arguments"; else bad "sarif differs for absolute argument" "$(diff "$tmp/abs.sarif" "$tmp/out.sarif" | head)"; fi
# an absolute root outside the current folder, inside a git work tree: paths
# relative to the repository root (the git top level), as from the root
run bash -c "cd '$tmp' && '$bin' scan ${only[*]} --format sarif '$root/$in'"
echo "$out" > "$tmp/outside.sarif"
if cmp -s "$tmp/outside.sarif" "$tmp/out.sarif"; then ok "sarif identical when scanning the repository from outside it"
else bad "sarif differs when run outside the repository" "$(diff "$tmp/outside.sarif" "$tmp/out.sarif" | head)"; fi
# outside any work tree: relative to the scanned root, and no uriBaseId
mkdir -p "$tmp/norepo" && cp "$root/$in"/* "$tmp/norepo/"
run bash -c "cd / && '$bin' scan ${only[*]} --format sarif '$tmp/norepo'"
uris=$(echo "$out" | sed -n 's/.*"uri": "\(.*\)".*/\1/p' | sort -u | tr '\n' ' ')
if [ "$uris" = "Dockerfile deploy.yaml " ]; then ok "sarif uris relative to an absolute scanned root outside a repository"; else bad "sarif uris for a root outside the cwd: $uris"; fi
expect_no_out "no uriBaseId outside a repository" '"uriBaseId"'
# --root names the repository root: paths relative to it
run "$bin" scan "${only[@]}" --format gitlab --root "$root/testdata" "$in"
expect_out "--root: gitlab paths relative to it" '"path": "formats/input/deploy.yaml"'
run bash -c "cd '$root/$in' && '$bin' scan ${only[*]} --format gitlab ../input"
expect_out "gitlab paths relative to the repository root from a subfolder" '"path": "testdata/formats/input/deploy.yaml"'
expect_no_out "gitlab paths never start with ../" '"path": "\.\./'
run bash -c "cd '$tmp/norepo' && '$bin' scan ${only[*]} --format gitlab ../norepo"
expect_no_out "gitlab paths never start with ../ outside a repository either" '"path": "\.\./'
# SARIF: automationDetails, originalUriBaseIds, a helpUri per rule into the check reference
python3 - "$tmp/out.sarif" "$root" <<'PY' && ok "sarif: automationDetails, %SRCROOT%, helpUri of every rule names a heading of docs/checks" || bad "sarif run metadata"
import json, os, sys
run = json.load(open(sys.argv[1]))["runs"][0]
assert run["automationDetails"]["id"] == "plimsoll/"
assert "%SRCROOT%" in run["originalUriBaseIds"]
assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%" for r in run["results"])
rules = run["tool"]["driver"]["rules"]
assert rules
for r in rules:
    page, anchor = r["helpUri"].split("/blob/main/", 1)[1].split("#")
    text = open(os.path.join(sys.argv[2], page)).read()
    assert "\n## " + anchor + "\n" in text, (page, anchor)
PY
run "$bin" scan "${only[@]}" --format gitlab "./$in"
echo "$out" > "$tmp/dot.gitlab"
if cmp -s "$tmp/dot.gitlab" "$tmp/out.gitlab"; then ok "gitlab paths identical for ./ arguments"; else bad "gitlab differs for ./ argument"; fi

# Clean: results: [] and an empty gitlab array.
run "$bin" scan "${only[@]}" --format sarif="$tmp/clean.sarif" --format gitlab "$in/../clean/pod.yaml"
expect_rc "clean scan" 0
if [ "$(tr -d ' \n' <<<"$out")" = "[]" ]; then ok "gitlab clean is []"; else bad "gitlab clean" "$out"; fi
if grep -q '"results": \[\]' "$tmp/clean.sarif"; then ok "sarif clean has results: []"; else bad "sarif clean lacks results: []" "$(cat "$tmp/clean.sarif")"; fi

# GitHub escaping: data % CR LF; properties also : and ,
mkdir -p "$tmp/gh"
cp "$in/deploy.yaml" "$tmp/gh/we%ird,na:me.yaml"
(cd "$tmp/gh" && "$bin" scan --only privileged-container --format github "we%ird,na:me.yaml") > "$tmp/gh.out"
if grep -q '^::error file=we%25ird%2Cna%3Ame.yaml,line=14,col=13,title=critical privileged-container (RT-001)::container "web" runs privileged \[Deployment shop/web\]%0A%0AFix: In spec' "$tmp/gh.out"
then ok "github escapes properties and data"; else bad "github escaping" "$(cat "$tmp/gh.out")"; fi
# most severe first
sevs=$(sed -n 's/^::\([a-z]*\) .*/\1/p' "$tmp/out.github" | uniq | tr '\n' ' ')
if [ "$sevs" = "error warning " ]; then ok "github most severe first"; else bad "github order: $sevs"; fi
# step summary: --github-summary and $GITHUB_STEP_SUMMARY (appended)
run "$bin" scan "${only[@]}" --format github --github-summary "$tmp/summary.md" "$in"
golden "summary.md" "$tmp/summary.md"
: > "$tmp/step.md"; echo "previous step" > "$tmp/step.md"
GITHUB_STEP_SUMMARY="$tmp/step.md" "$bin" scan "${only[@]}" --format github "$in" > /dev/null
if head -1 "$tmp/step.md" | grep -q "previous step" && grep -q '| critical | `privileged-container` (RT-001) |' "$tmp/step.md"
then ok "GITHUB_STEP_SUMMARY appended"; else bad "GITHUB_STEP_SUMMARY" "$(cat "$tmp/step.md")"; fi

# JUnit: well-formed XML (python's parser), a testcase per check x resource.
if python3 - "$tmp/out.junit" <<'PY'
import sys, xml.etree.ElementTree as ET
t = ET.parse(sys.argv[1]).getroot()
cases = t.findall('.//testcase')
assert t.tag == 'testsuites', t.tag
assert int(t.get('tests')) == len(cases), (t.get('tests'), len(cases))
fails = [c for c in cases if c.find('failure') is not None]
assert int(t.get('failures')) == len(fails)
names = {(c.get('classname'), c.get('name')) for c in cases}
assert ('privileged-container', 'Deployment shop/web') in names, names
assert ('privileged-container', 'Pod shop/clean') in names, names
PY
then ok "junit parses and counts match"; else bad "junit structure"; fi

# GitLab: unique fingerprints, mapped severities.
if python3 - "$tmp/out.gitlab" <<'PY'
import sys, json
a = json.load(open(sys.argv[1]))
fps = [x['fingerprint'] for x in a]
assert len(fps) == len(set(fps)), fps
assert all(x['severity'] in ('info','minor','major','critical','blocker') for x in a)
assert all({'description','check_name','fingerprint','severity','location'} <= set(x) for x in a)
assert all(isinstance(x['location']['lines']['begin'], int) and not x['location']['path'].startswith('/') for x in a)
PY
then ok "gitlab fingerprints unique, fields present"; else bad "gitlab structure"; fi

# One root cause, one finding: the socket finding carries the others as
# related in JSON; compliance still counts the related ones as evidence.
agent=testdata/checks/runtime-socket-mounted/fail-related-node-agent/daemonset.yaml
"$bin" scan --format json=$tmp/rel.json --compliance pss-baseline --format compliance-json=$tmp/rel.cjson \
  --only runtime-socket-mounted,sensitive-host-mount,host-path-volume,restricted-volume-type $agent > /dev/null 2>&1
if python3 - "$tmp/rel.json" "$tmp/rel.cjson" <<'PY'
import sys, json
r = json.load(open(sys.argv[1]))
names = [f['name'] for f in r['findings']]
assert names == ['runtime-socket-mounted', 'sensitive-host-mount', 'host-path-volume'], names
rel = [x['name'] for x in r['findings'][0]['related']]
assert rel == ['host-path-volume', 'restricted-volume-type', 'sensitive-host-mount'], rel
assert all({'id','name','severity','line','column','path','message'} == set(x) for x in r['findings'][0]['related'])
assert r['summary']['findings'] == 3 and r['summary']['related'] == 6, r['summary']
c = json.dumps(json.load(open(sys.argv[2])))
assert 'host-path-volume' in c, 'related findings are compliance evidence'
PY
then ok "json: related findings under the most specific one; compliance keeps them"; else bad "json related"; fi

# The machine formats keep one result per finding and name its related
# findings: SARIF relatedLocations + properties.related + the message, GitLab
# description, body and other_locations, JUnit the finding's text, GitHub the
# annotation's message. Related findings are never results of their own.
rel_only=(--only runtime-socket-mounted,sensitive-host-mount,host-path-volume,dangerous-capability)
for f in sarif github junit gitlab; do
  run bash -c "cd testdata/formats/related && '$bin' scan --no-context ${rel_only[*]} --format $f --output '$tmp/related.$f' ."
  expect_rc "related: format $f exit code" 1
  golden "related.$f" "$tmp/related.$f"
done
if python3 - "$tmp/related.sarif" "$tmp/related.gitlab" "$tmp/related.junit" "$tmp/related.github" <<'PY2'
import sys, json, xml.etree.ElementTree as ET
res = json.load(open(sys.argv[1]))['runs'][0]['results']
assert [r['properties']['name'] for r in res] == ['dangerous-capability', 'runtime-socket-mounted', 'sensitive-host-mount'], res
sock = res[1]
assert [x['name'] for x in sock['properties']['related']] == ['host-path-volume', 'sensitive-host-mount']
assert [l['id'] for l in sock['relatedLocations']] == [1, 2]
assert all(l['message']['text'].startswith('related finding: ') for l in sock['relatedLocations'])
assert sock['message']['text'].endswith('(related: medium host-path-volume, high sensitive-host-mount)'), sock['message']
assert res[0]['properties']['related'] == [{'ruleId': 'RT-008', 'name': 'dangerous-capability', 'severity': 'high', 'line': 5, 'column': 13}], res[0]['properties']['related']
gl = json.load(open(sys.argv[2]))
assert len(gl) == 3 and [len(x.get('other_locations', [])) for x in gl] == [1, 2, 1], gl
assert 'related: medium host-path-volume, high sensitive-host-mount' in gl[1]['description']
t = ET.parse(sys.argv[3]).getroot()
assert int(t.get('failures')) == 3, t.get('failures')
text = ''.join(f.text or '' for f in t.iter('failure'))
assert 'related: high dangerous-capability (worker-b)' in text and text.count('related: ') == 3, text
gh = [l for l in open(sys.argv[4]) if l.startswith('::')]
assert len(gh) == 3 and sum('Related (same root cause' in l for l in gh) == 3, gh
PY2
then ok "related findings named in sarif, gitlab, junit and github, never results of their own"; else bad "related in the machine formats"; fi

cp "$tmp"/*.sarif "${SARIF_COLLECT:-$tmp}/" 2>/dev/null
sarif_validate "$tmp"/*.sarif
finish formats
