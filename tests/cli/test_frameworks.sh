#!/usr/bin/env bash
# test_frameworks.sh — the framework catalogues and their commands: `plimsoll
# frameworks` (text and JSON) lists every control with one assessment; the
# counts in docs/compliance.md are the catalogues'; every built-in check
# evidences a control or is listed with its reason in
# frameworks/unmapped-checks.txt; no built-in check keeps its own framework
# tags; `checks --framework` and `scan --framework` select the catalogue's
# checks; findings name only the controls of their own input.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2

run "$bin" frameworks
expect_rc "frameworks" 0
for fw in "cis-docker 1.6.0" "cis-kubernetes 1.12.0" "nsa-cisa 1.2" "pss-baseline latest" "pss-restricted latest"; do
  expect_out "frameworks lists $fw" "^$fw "
done
run "$bin" frameworks --format json
expect_rc "frameworks --format json" 0
echo "$out" > "$tmp/fw.json"
"$bin" checks --format json > "$tmp/checks.json"

if python3 - "$tmp/fw.json" "$tmp/checks.json" docs/compliance.md frameworks/unmapped-checks.txt > "$tmp/py.out" 2>&1 <<'PY'
import json, re, sys
fws = json.load(open(sys.argv[1]))
checks = {c["name"]: c for c in json.load(open(sys.argv[2]))}
doc = open(sys.argv[3]).read()
want = {"cis-docker": 117, "cis-kubernetes": 130, "nsa-cisa": 40, "pss-baseline": 11, "pss-restricted": 17}
mapped = set()
for f in fws:
    assert len(f["controls"]) == want[f["id"]] == f["counts"]["controls"], f["id"]
    ids = [c["id"] for c in f["controls"]]
    assert len(ids) == len(set(ids)), f["id"]
    n = {"automated": 0, "manual": 0, "needs": 0}
    for c in f["controls"]:
        a = c["assessment"]
        n[a] += 1
        if a == "manual": assert c["manual"] and not c["automated"] and not c["needs"], c["id"]
        if a == "needs": assert c["needs"] and not c["automated"], c["id"]
        if a == "automated": assert c["automated"], c["id"]
        assert c["title"] and c["section"], c["id"]
        for inp, names in c["automated"].items():
            for name in names:
                assert name in checks, (f["id"], c["id"], name)
                assert inp in checks[name]["inputs"], (f["id"], c["id"], name, inp)
                mapped.add(name)
    for k in n:
        assert n[k] == f["counts"][k], (f["id"], k)
    # the table in docs/compliance.md says the same
    per = ", ".join("%s %d" % (k, v) for k, v in f["counts"]["automated_per_input"].items() if v)
    row = [l for l in doc.splitlines() if l.startswith("| ") and ("| %d |" % f["counts"]["automated"]) in l and ("| %d | %d |" % (n["manual"], n["needs"])) in l]
    assert row, ("docs/compliance.md has no row with", f["id"], f["counts"])
unmapped = {}
for line in open(sys.argv[4]):
    if line.strip() and not line.startswith("#"):
        name, _, why = line.partition(":")
        assert why.strip(), name
        unmapped[name.strip()] = why.strip()
for name in checks:
    assert (name in mapped) != (name in unmapped), ("mapped" if name in mapped else "unmapped and not listed", name)
for name in unmapped:
    assert name in checks, ("unmapped-checks.txt names an unknown check", name)
PY
then ok "catalogues: counts, assessments, checks and inputs, docs table, unmapped checks"; else bad "catalogues" "$(cat "$tmp/py.out")"; fi

# Built-in checks carry no framework tags of their own: the catalogues do.
if grep -rln "^  frameworks = " checks > "$tmp/tagged"; then bad "built-in checks with frameworks = lines" "$(cat "$tmp/tagged")"; else ok "no built-in check tags its own controls"; fi

run "$bin" frameworks --framework pss-baseline
expect_rc "frameworks --framework" 0
expect_no_out "only that framework" "^cis-docker"
run "$bin" frameworks --framework nope
expect_rc "frameworks --framework unknown" 2
run "$bin" frameworks --format xml
expect_rc "frameworks --format xml" 2

# checks --framework: exactly the checks the catalogue names.
run "$bin" checks --framework pss-baseline --format json
expect_rc "checks --framework" 0
echo "$out" > "$tmp/pss.json"
if python3 -c "
import json
got = sorted(c['name'] for c in json.load(open('$tmp/pss.json')))
fw = [f for f in json.load(open('$tmp/fw.json')) if f['id'] == 'pss-baseline'][0]
want = sorted({n for c in fw['controls'] for l in c['automated'].values() for n in l})
assert got == want, (got, want)" 2>"$tmp/py.out"; then ok "checks --framework lists the catalogue's checks"; else bad "checks --framework" "$(cat "$tmp/py.out")"; fi

# scan --framework runs only those checks.
run "$bin" scan --framework pss-baseline --format json testdata/examples
echo "$out" > "$tmp/scan.json"
if python3 -c "
import json
names = {f['name'] for f in json.load(open('$tmp/scan.json'))['findings']}
fw = [f for f in json.load(open('$tmp/fw.json')) if f['id'] == 'pss-baseline'][0]
allowed = {n for c in fw['controls'] for l in c['automated'].values() for n in l}
assert names and names <= allowed, names - allowed" 2>"$tmp/py.out"; then ok "scan --framework runs only that framework's checks"; else bad "scan --framework" "$(cat "$tmp/py.out")"; fi

# A finding names only the controls of its own input, with the catalogue's version.
run "$bin" scan --format json testdata/examples
echo "$out" > "$tmp/all.json"
if python3 -c "
import json
for f in json.load(open('$tmp/all.json'))['findings']:
    fws = {c['framework'] for c in f['controls']}
    if f['file'].endswith(('Dockerfile', '.json')):
        assert not fws & {'cis-kubernetes', 'pss-baseline', 'pss-restricted'}, (f['file'], f['name'], fws)
    if f['file'].endswith('deployment.yaml'):
        assert 'cis-docker' not in fws, (f['name'], fws)
    for c in f['controls']:
        assert c['version'], c
" 2>"$tmp/py.out"; then ok "findings name only the controls of their input"; else bad "findings' controls per input" "$(cat "$tmp/py.out")"; fi

finish frameworks
