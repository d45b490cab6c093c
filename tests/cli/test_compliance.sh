#!/usr/bin/env bash
# test_compliance.sh — compliance reports: golden outputs of every format
# (compliance-json, -csv, -markdown, -text, -html) for all five frameworks on
# testdata/compliance/input, byte-identical reruns (SOURCE_DATE_EPOCH, -j 1 and
# -j 2), the JSON's own consistency (counts, evidence, exceptions), statuses
# NOT-RUN / NOT-APPLICABLE / expired exceptions, the threshold's exit codes,
# git provenance, and usage errors. UPDATE=1 rewrites the golden files.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
exp=$root/testdata/compliance/expected
export PLIMSOLL_TODAY=2026-11-25 SOURCE_DATE_EPOCH=1764028800
all=cis-docker,cis-kubernetes,nsa-cisa,pss-baseline,pss-restricted
# outside any git repository, so provenance has no commit
work=$tmp/work
mkdir -p "$work" && cp -r "$root/testdata/compliance/input" "$work/input"
cd "$work" || exit 2
export GIT_CEILING_DIRECTORIES=$tmp

golden() { # name file — the check-set hash changes with every check edit: compared as <checkset>
  sed -E 's/(check set sha256 (<code>)?|"checkset_sha256": ")[0-9a-f]+/\1<checkset>/g' "$2" > "$2.golden"
  if [ -n "${UPDATE:-}" ]; then cp "$2.golden" "$exp/$1"; ok "updated $1"; return; fi
  if diff -u "$exp/$1" "$2.golden" > "$tmp/diff"; then ok "golden $1"; else bad "golden $1 differs" "$(cat "$tmp/diff")"; fi
}

for f in json csv markdown text html; do
  fws=$all
  [ "$f" = json ] || fws=cis-docker,pss-restricted   # the other goldens stay small
  run "$bin" scan --compliance "$fws" --format "compliance-$f=$tmp/report.$f" input
  expect_rc "compliance-$f exit code (findings at or above --fail-on)" 1
  golden "report.$f" "$tmp/report.$f"
done

# Secrets never leave whole, in any compliance format (a whole map next to a
# reported field is never printed either).
if grep -l -e AKIAIOSFODNN7 -e 9xk2m "$tmp"/report.* > "$tmp/leak" 2>&1; then bad "a secret appears whole" "$(cat "$tmp/leak")"; else ok "secrets masked in every compliance format"; fi

# Byte-identical: again, with one worker and with two.
run "$bin" scan -j 1 --compliance "$all" --format "compliance-json=$tmp/j1.json" input
run "$bin" scan -j 1 --compliance cis-docker,pss-restricted --format "compliance-html=$tmp/j1.html" input
run "$bin" scan -j 2 --compliance "$all" --format "compliance-json=$tmp/j2.json" input
run "$bin" scan -j 2 --compliance cis-docker,pss-restricted --format "compliance-html=$tmp/j2.html" input
if cmp -s "$tmp/j1.json" "$tmp/report.json" && cmp -s "$tmp/j2.json" "$tmp/report.json"; then ok "compliance-json byte-identical across runs and -j"; else bad "compliance-json differs between runs"; fi
if cmp -s "$tmp/j1.html" "$tmp/report.html" && cmp -s "$tmp/j2.html" "$tmp/report.html"; then ok "compliance-html byte-identical across runs and -j"; else bad "compliance-html differs between runs"; fi

# The JSON is consistent with itself.
if python3 - "$tmp/report.json" > "$tmp/py.out" 2>&1 <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
assert r["schema"] == "plimsoll-compliance/1"
assert len(r["tool"]["checkset_sha256"]) == 64
s = r["scan"]
assert s["time"] == "2025-11-25T00:00:00Z", s["time"]
assert s["git"] == {"commit": None, "dirty": None}, s["git"]
assert s["config"] == "input/.plimsoll.yaml", s["config"]
ids = [f["id"] for f in r["frameworks"]]
assert ids == ["cis-docker", "cis-kubernetes", "nsa-cisa", "pss-baseline", "pss-restricted"], ids
want = {"cis-docker": 117, "cis-kubernetes": 130, "nsa-cisa": 40, "pss-baseline": 11, "pss-restricted": 17}
for f in r["frameworks"]:
    assert len(f["controls"]) == want[f["id"]], (f["id"], len(f["controls"]))
    assert f["coverage"]["controls"] == len(f["controls"])
    counts = {}
    for c in f["controls"]:
        counts[c["status"]] = counts.get(c["status"], 0) + 1
        ev = c["evidence"]
        if c["status"] == "FAIL":
            assert any(e["exception"] is None for e in ev), c["id"]
            for e in ev:
                assert e["file"] and e["line"] > 0 and e["column"] > 0 and e["remediation"] and e["values"], (c["id"], e)
        if c["status"] == "EXCEPTION":
            assert ev and all(e["exception"] and e["exception"]["reason"] and e["exception"]["source"] for e in ev), c["id"]
        if c["status"] in ("MANUAL", "NOT-APPLICABLE", "NOT-RUN"):
            assert c["reason"], c["id"]
        if c["status"] == "PASS":
            assert c["resources"]["evaluated"] > 0 and c["resources"]["failed"] == 0, c["id"]
    for k, v in f["counts"].items():
        assert counts.get(k, 0) == v, (f["id"], k, v, counts.get(k, 0))
    good = f["counts"]["PASS"] + f["counts"]["EXCEPTION"]
    scored = good + f["counts"]["FAIL"]
    assert f["score"] == round(1000 * good / scored) / 10, (f["score"], good, scored)
    assert f["coverage"]["evaluated"] == scored
k8s = {c["id"]: c for c in r["frameworks"][1]["controls"]}
x = k8s["5.2.2"]
assert x["status"] == "EXCEPTION", x["status"]
e = x["evidence"][0]["exception"]
assert e["expires"] == "2027-03-31" and e["reason"].startswith("the storefront") and e["source"].startswith("config input/.plimsoll.yaml:"), e
v = x["evidence"][0]["values"][0]
assert v["actual"] == "true" and v["expected"] is False, v
assert k8s["5.2.5"]["status"] == "FAIL"
assert k8s["1.2.1"]["status"] == "NOT-APPLICABLE" and "control-plane" in k8s["1.2.1"]["reason"], k8s["1.2.1"]
assert k8s["3.1.1"]["status"] == "MANUAL"
docker = {c["id"]: c for c in r["frameworks"][0]["controls"]}
assert docker["5.14"]["status"] == "FAIL" and docker["5.14"]["resources"] == {**docker["5.14"]["resources"], "evaluated": 2, "failed": 1, "excepted": 1}
# a Dockerfile or image finding is never Kubernetes evidence
for f in r["frameworks"][1:2] + r["frameworks"][3:]:
    for c in f["controls"]:
        for e in c["evidence"]:
            assert not e["file"].endswith("Dockerfile") and not e["file"].endswith(".json"), (f["id"], c["id"], e["file"])
# secrets are masked
assert "9xk2m" not in open(sys.argv[1]).read()
PY
then ok "compliance-json consistent (counts, scores, evidence, exceptions, scope)"; else bad "compliance-json inconsistent" "$(cat "$tmp/py.out")"; fi

# CSV: one row per control x resource (a control without resources: one row).
if python3 - "$tmp/report.csv" "$tmp/report.json" > "$tmp/py.out" 2>&1 <<'PY'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
r = json.load(open(sys.argv[2]))
want = sum(max(1, c["resources"]["evaluated"]) for f in r["frameworks"] if f["id"] in ("cis-docker", "pss-restricted") for c in f["controls"])
assert rows[0][:3] == ["framework", "version", "control"], rows[0]
assert len(rows) - 1 == want, (len(rows) - 1, want)
assert all(len(x) == len(rows[0]) for x in rows)
exc = [x for x in rows if x[2] == "privileged-containers" and x[0] == "pss-restricted" and x[13] == "exception"]
assert exc and exc[0][23] == "2027-03-31", exc
PY
then ok "compliance-csv: a row per control x resource"; else bad "compliance-csv rows" "$(cat "$tmp/py.out")"; fi

# The HTML file loads nothing from anywhere.
if grep -Eiq '(src|href)=["'"'"']?(https?:|//)|@import|url\(' "$tmp/report.html"; then bad "compliance-html refers to an external asset"; else ok "compliance-html is self-contained"; fi

# A hostile file name is escaped in every format (HTML markup, terminal escapes).
mkdir -p "$tmp/hostile"
printf 'FROM ubuntu:latest\n' > "$tmp/hostile/Dockerfile.$(printf '\033')[31m<img src=x onerror=alert(1)>"
run "$bin" scan --compliance cis-docker --fail-on none --format "compliance-html=$tmp/h.html" \
  --format "compliance-markdown=$tmp/h.md" --format "compliance-text=$tmp/h.txt" "$tmp/hostile"
if grep -q '<img' "$tmp/h.html" || grep -q "$(printf '\033')" "$tmp/h.html" "$tmp/h.md" "$tmp/h.txt" || grep -q '<img' "$tmp/h.md"; then
  bad "a hostile file name reaches a report unescaped"
else ok "hostile file names escaped in html, markdown and text"; fi

# NOT-RUN: a control whose checks are skipped claims nothing.
run "$bin" scan --compliance pss-baseline --skip privileged-container --format "compliance-json=$tmp/skip.json" input
if python3 -c "
import json; r=json.load(open('$tmp/skip.json')); c={x['id']:x for x in r['frameworks'][0]['controls']}
assert c['privileged-containers']['status']=='NOT-RUN' and 'privileged-container' in c['privileged-containers']['reason'], c['privileged-containers']" 2>"$tmp/py.out"
then ok "skipped checks give NOT-RUN"; else bad "skipped checks give NOT-RUN" "$(cat "$tmp/py.out")"; fi

# An expired ignore suppresses nothing: the control fails again.
run env PLIMSOLL_TODAY=2027-04-01 "$bin" scan --compliance pss-baseline --format "compliance-json=$tmp/expired.json" input
if python3 -c "
import json; r=json.load(open('$tmp/expired.json')); c={x['id']:x for x in r['frameworks'][0]['controls']}
assert c['privileged-containers']['status']=='FAIL', c['privileged-containers']['status']" 2>"$tmp/py.out"
then ok "an expired exception is a failure again"; else bad "an expired exception is a failure again" "$(cat "$tmp/py.out")"; fi

# NOT-APPLICABLE: no input of the scope; no score; the threshold fails.
run "$bin" scan --compliance cis-kubernetes --fail-on none --compliance-threshold 10 --format "compliance-json=$tmp/na.json" input/Dockerfile
expect_rc "no evaluated control fails a threshold" 1
expect_out "says why" "no control was evaluated"
if python3 -c "
import json; r=json.load(open('$tmp/na.json')); f=r['frameworks'][0]
assert f['score'] is None and f['counts']['PASS']==0 and f['counts']['FAIL']==0
c={x['id']:x for x in f['controls']}
assert c['5.2.2']['status']=='NOT-APPLICABLE' and 'Kubernetes manifests' in c['5.2.2']['reason'], c['5.2.2']" 2>"$tmp/py.out"
then ok "no Kubernetes input: NOT-APPLICABLE, no score"; else bad "NOT-APPLICABLE without input" "$(cat "$tmp/py.out")"; fi

# --compliance-threshold: below it exits 1 (with --fail-on none), at or above it 0.
run "$bin" scan --compliance pss-baseline --fail-on none --compliance-threshold 99 input
expect_rc "score below --compliance-threshold" 1
expect_out "names the framework and score" "pss-baseline latest: score [0-9.]+ is below --compliance-threshold 99"
run "$bin" scan --compliance pss-baseline --fail-on none --compliance-threshold 0 input
expect_rc "score at or above --compliance-threshold" 0
run "$bin" scan --compliance pss-baseline --fail-on none input
expect_rc "no threshold, no --fail-on: exit 0" 0

# Usage errors.
run "$bin" scan --format compliance-json input
expect_rc "compliance format without --compliance" 2
expect_out "says what it needs" "needs --compliance"
run "$bin" scan --compliance-threshold 50 input
expect_rc "threshold without --compliance" 2
run "$bin" scan --compliance cis-dockr input
expect_rc "unknown framework" 2
expect_out "lists the known ones" "known: cis-docker, cis-kubernetes, nsa-cisa, pss-baseline, pss-restricted"
run "$bin" scan --compliance pss-baseline --compliance-threshold 101 input
expect_rc "threshold out of range" 2
run "$bin" checks --compliance cis-docker
expect_rc "--compliance is a scan option" 2

# Aliases and versioned names select the same framework.
for n in cis-docker-1.6.0 docker-cis k8s-cis cis-kubernetes-1.12.0 nsa k8s-pss-restricted; do
  run "$bin" scan --compliance "$n" --fail-on none input
  expect_rc "framework name $n" 0
done

# Provenance inside a git repository: the commit, then a dirty tree.
repo=$tmp/repo
mkdir -p "$repo" && cp -r "$root/testdata/compliance/input/." "$repo/"
if command -v git > /dev/null && git -C "$repo" init -q && git -C "$repo" add -A &&
   git -C "$repo" -c user.name=t -c user.email=t@t -c commit.gpgsign=false commit -qm fixture; then
  head=$(git -C "$repo" rev-parse HEAD)
  (cd "$repo" && GIT_CEILING_DIRECTORIES= "$bin" scan --compliance pss-baseline --format compliance-json . > "$tmp/git.json" 2>/dev/null)
  if grep -q "\"commit\": \"$head\"" "$tmp/git.json" && grep -q '"dirty": false' "$tmp/git.json"; then ok "git commit and a clean tree in provenance"; else bad "git provenance (clean)" "$(grep -A3 '"git"' "$tmp/git.json")"; fi
  echo "# changed" >> "$repo/compose.yaml"
  (cd "$repo" && GIT_CEILING_DIRECTORIES= "$bin" scan --compliance pss-baseline --format compliance-json . > "$tmp/git.json" 2>/dev/null)
  if grep -q '"dirty": true' "$tmp/git.json"; then ok "a dirty tree is reported"; else bad "git provenance (dirty)" "$(grep -A3 '"git"' "$tmp/git.json")"; fi
else
  bad "could not make a git repository for the provenance test"
fi

finish compliance
