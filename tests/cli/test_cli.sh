#!/usr/bin/env bash
# test_cli.sh — exit codes, formats, stdin, errors with positions, and the
# sandbox, through the real binary.
set -u
source "$(dirname "$0")/lib.sh"
cd "$data"

run "$bin" version;                       expect_rc "version" 0; expect_out "version prints" '^plimsoll [0-9]+\.[0-9]+\.[0-9]+$'
clean="--only privileged-container,host-pid,runs-as-root,secret-in-env"
run "$bin" scan $clean clean.yaml;        expect_rc "clean file" 0; expect_out "clean summary" '^0 findings in 1 file'
run "$bin" scan priv.yaml;                expect_rc "findings" 1
expect_out "headline format" '^priv.yaml:12:7: critical privileged-container: container "app" runs privileged \[Pod priv\]$'
expect_out "source line with caret" '^ +12 \|       privileged: true$'
expect_out "remediation under it" '^ +fix: '
run "$bin" scan --fail-on critical clean.yaml priv.yaml; expect_rc "--fail-on critical with a critical" 1
run "$bin" scan --fail-on critical --skip privileged-container priv.yaml; expect_rc "--fail-on critical, only high" 0
run "$bin" scan --fail-on none priv.yaml; expect_rc "--fail-on none" 0
run "$bin" scan --severity critical priv.yaml; expect_no_out "--severity filters" 'secret-in-env'
run "$bin" scan --only RT-001 priv.yaml;  expect_out "--only by id" 'privileged-container'; expect_no_out "--only excludes" 'secret-in-env'
run "$bin" scan --only nope priv.yaml;    expect_rc "unknown check" 2
run "$bin" scan --bogus;                  expect_rc "unknown option" 2
run "$bin" frobnicate;                    expect_rc "unknown command" 2
run "$bin" scan --format xml priv.yaml;   expect_rc "unknown format" 2

# secrets are never printed whole, in any format
for fmt in text json; do
  run "$bin" scan --format $fmt priv.yaml
  expect_no_out "secret masked ($fmt)" 'tok-9f8e7d6c5b4a3210'
  expect_out "mask shown ($fmt)" 'tok-\*\*\*\*'
done

# malformed YAML: error with line and column, other files still scanned, exit 2
run "$bin" scan bad.yaml priv.yaml
expect_rc "malformed yaml" 2
expect_out "error has line:col" '^bad.yaml:[0-9]+:[0-9]+: error: '
expect_out "other file still scanned" 'priv.yaml:12:7: critical privileged-container'
run "$bin" scan missing-file.yaml priv.yaml; expect_rc "missing file" 2
expect_out "missing file named" '^missing-file.yaml: error: cannot read'
expect_out "rest still scanned" 'privileged-container'
run "$bin" scan bomb.yaml;   expect_rc "alias bomb" 2; expect_out "alias bomb position" '^bomb.yaml:[0-9]+:[0-9]+: error: .*alias'
run "$bin" scan deep.yaml;   expect_rc "deep nesting" 2; expect_out "deep nesting position" '^deep.yaml:1:[0-9]+: error: .*nest'
run "$bin" scan binary.yaml; expect_rc "binary file" 2; expect_out "binary file error" '^binary.yaml:[0-9]+:[0-9]+: error: '

# stdin
out=$("$bin" scan - < priv.yaml 2>&1); rc=$?
expect_rc "stdin" 1; expect_out "stdin named" '^<stdin>:12:7: critical privileged-container'

# JSON against the contract
run "$bin" scan --format json bad.yaml priv.yaml
expect_rc "json exit" 2
if echo "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
assert set(r) >= {"tool", "findings", "errors", "summary"}, r.keys()
assert r["tool"]["name"] == "plimsoll" and r["tool"]["version"]
f = r["findings"][0]
for k in ("id", "name", "severity", "file", "line", "column", "path", "resource", "message", "remediation", "controls"):
    assert k in f, k
assert set(f["resource"]) >= {"kind", "namespace", "name"}
p = [x for x in r["findings"] if x["name"] == "privileged-container"][0]
assert (p["file"], p["line"], p["column"]) == ("priv.yaml", 12, 7), p
assert p["path"] == "spec.containers[0].securityContext.privileged", p["path"]
assert p["fix"] == [{"path": "spec.containers[0].securityContext.privileged", "value": False}]
assert any(c["framework"] == "cis-kubernetes" and c["control"] == "5.2.2" and c.get("version") == "1.12.0" for c in p["controls"]), p["controls"]
e = r["errors"][0]
assert e["file"] == "bad.yaml" and e["line"] > 0 and e["column"] > 0 and e["message"], e
s = r["summary"]
assert s["files"] == 2 and s["documents"] == 1 and s["findings"] == len(r["findings"]), s
assert set(s["by_severity"]) == {"critical", "high", "medium", "low", "info"}
'; then ok "json contract"; else bad "json contract" "$out"; fi

# --output writes the report atomically, nothing on stdout
run "$bin" scan --format json --output "$tmp/report.json" priv.yaml
expect_rc "--output exit" 1
[ -z "$out" ] && ok "--output: stdout empty" || bad "--output: stdout not empty" "$out"
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$tmp/report.json" && ok "--output file is JSON" || bad "--output file"
ls "$tmp" | grep -q plimsoll-tmp && bad "--output left a temporary file" || ok "--output no temporary left"

# deterministic whatever the worker count
a=$("$bin" scan -j 1 --format json . 2>&1); b=$("$bin" scan -j 2 --format json . 2>&1)
[ "$a" == "$b" ] && ok "same output with -j1 and -j2" || bad "output differs between -j1 and -j2"

# the sandbox
run "$bin" scan --checks checks-loop --budget 1000000 clean.yaml priv.yaml
expect_rc "endless check" 2
expect_out "budget error at the check's own file:line" '^checks-loop/endless.lua:4:1: error: check endless exceeded its instruction budget of 1000000 .* on clean.yaml$'
expect_out "budget error has a Lua traceback" 'checks-loop/endless.lua:4: in function'
expect_out "scan goes on after a runaway check" 'privileged-container'
run "$bin" scan --checks checks-io clean.yaml
expect_rc "io.open refused" 2; expect_out "io is not there" "^checks-io/reads_files.lua:5:1: error: check reads-files failed on clean.yaml: attempt to index a nil value .global 'io'.$"
run "$bin" scan --checks checks-escape --only escape clean.yaml
expect_out "no way out of the sandbox" 'reached: nothing'
run "$bin" scan --checks checks-global clean.yaml
expect_rc "global assignment" 2; expect_out "global assignment refused" 'assignment to undeclared global counter'
run "$bin" scan --checks checks-badmeta clean.yaml
expect_rc "bad metadata" 2; expect_out "bad metadata names file" 'checks-badmeta/bad.lua: error: invalid check: name "Bad Name"'
run "$bin" scan --checks checks-memory clean.yaml
expect_rc "memory cap" 2; expect_out "memory cap names check" 'check hungry .*memory cap'

# explain and checks
run "$bin" explain privileged-container; expect_rc "explain" 0; expect_out "explain text" 'RT-001 privileged-container \(critical\)'
run "$bin" explain nope; expect_rc "explain unknown" 2
run "$bin" checks --format json; expect_rc "checks json" 0
echo "$out" | python3 -c 'import json,sys; assert len(json.load(sys.stdin)) >= 8' && ok "checks json parses" || bad "checks json"

finish cli
