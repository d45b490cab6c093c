#!/usr/bin/env bash
# test_suppress.sh — suppressions stay visible: inline comments (on the line,
# on the comment lines above, before a Dockerfile instruction), file- and
# document-level comments, Kubernetes annotations on the resource and the pod
# template, .plimsoll.yaml (skip, severity, exclude, per-path ignores and
# their expiry, errors with positions), and baselines that survive line
# shifts. Each form is shown to suppress exactly the finding it names.
# UPDATE=1 rewrites the golden files.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root" || exit 2
export PLIMSOLL_TODAY=2026-11-25
unset GITHUB_STEP_SUMMARY
d=testdata/suppress
exp=$d/expected
only=(--only privileged-container,secret-in-env,latest-image-tag,runs-as-root,host-network,host-pid,host-ipc,remote-script-piped-to-shell)

# findings JSON on stdin → one line per finding: "name line S|-" (S: suppressed)
summarize() {
  python3 -c '
import json, sys
t = sys.stdin.read(); d = json.loads(t[t.index("{"):])
for f in d["findings"]:
    s = f.get("suppressed")
    print(f["name"], f["line"], ("S:" + s["reason"] + "|" + s["source"]) if s else "-")
'
}
# case NAME ARGS... ; then WANT (the expected summary) compared.
check_case() { # name want args...
  local name=$1 want=$2; shift 2
  local got; got=$("$bin" scan "${only[@]}" --format json "$@" 2>/dev/null | summarize)
  if [ "$got" = "$want" ]; then ok "$name"; else bad "$name" "$(diff <(echo "$want") <(echo "$got"))"; fi
}

check_case "inline ignore on the offending line suppresses exactly that finding" \
"runs-as-root 8 -
latest-image-tag 9 -
privileged-container 11 S:node debugging pod, removed after the incident|inline comment at $d/inline-line/pod.yaml:11" \
  $d/inline-line

check_case "inline ignore on the line above, by id, list with a name not matching" \
"runs-as-root 8 -
latest-image-tag 11 S:pinned by the nightly job|inline comment at $d/inline-above/pod.yaml:10
privileged-container 13 -" \
  $d/inline-above

check_case "file-level ignore at the top covers every document of the file" \
"runs-as-root 10 -
privileged-container 13 S:the whole file is a lab fixture|file comment at $d/file-level/pod.yaml:1
runs-as-root 22 -
privileged-container 25 S:the whole file is a lab fixture|file comment at $d/file-level/pod.yaml:1" \
  $d/file-level

check_case "ignore-file at the top of a YAML document covers that document only" \
"runs-as-root 8 -
privileged-container 11 -
runs-as-root 21 -
privileged-container 24 S:only this document|file comment at $d/doc-level/pods.yaml:13
runs-as-root 33 -
privileged-container 36 -" \
  $d/doc-level

check_case "Dockerfile: the comment before an instruction covers its continuation lines, not the next RUN" \
"remote-script-piped-to-shell 5 S:vendor installer, checksum verified upstream|inline comment at $d/dockerfile/Dockerfile:2
remote-script-piped-to-shell 6 -" \
  $d/dockerfile

check_case "annotation plimsoll.io/ignore on the resource, with its reason" \
"host-network 12 S:node exporter reads host metrics|annotation plimsoll.io/ignore on the resource
host-pid 13 S:node exporter reads host metrics|annotation plimsoll.io/ignore on the resource
host-ipc 14 -
runs-as-root 16 -" \
  $d/annotation

check_case "annotation on the CronJob pod template" \
"runs-as-root 17 -
privileged-container 20 S:|annotation plimsoll.io/ignore on the pod template
runs-as-root 22 -
latest-image-tag 23 -" \
  $d/annotation-template

# Suppressed findings do not decide the exit code.
run "$bin" scan --only privileged-container $d/inline-line
expect_rc "only suppressed findings: exit 0" 0
expect_out "text summary counts suppressed" "0 findings in 1 file \(1 document\), 1 suppressed"
run "$bin" scan --only host-network,host-pid $d/annotation
expect_rc "annotation-suppressed only: exit 0" 0

# Config file: skip, severity override, exclude, path ignore, expired ignore.
check_case "config: skip, severity override, exclude, ignore by path, expired ignore reported again" \
"latest-image-tag 9 -
privileged-container 11 -
privileged-container 11 S:debug pods run privileged on the test cluster only|config $d/config/.plimsoll.yaml:8
privileged-container 11 -" \
  $d/config
got=$("$bin" scan "${only[@]}" --format json $d/config 2>&1 >/dev/null)
if [ "$got" = "$d/config/.plimsoll.yaml:12: warning: the ignore of privileged-container expired on 2026-10-01; its findings are reported again" ]
then ok "expired ignore says so"; else bad "expired ignore warning" "$got"; fi
got=$("$bin" scan "${only[@]}" --format json $d/config 2>/dev/null | python3 -c '
import json,sys; d=json.load(sys.stdin); print(sorted({(f["file"], f["severity"]) for f in d["findings"] if f["name"]=="latest-image-tag"}))')
if [ "$got" = "[('testdata/suppress/config/app.yaml', 'critical')]" ]; then ok "severity override applied"; else bad "severity override" "$got"; fi
got=$(PLIMSOLL_TODAY=2026-09-30 "$bin" scan "${only[@]}" --format json $d/config 2>&1 | grep -c 'old/pod.yaml')
run env PLIMSOLL_TODAY=2026-09-30 "$bin" scan "${only[@]}" --format json $d/config
if echo "$out" | grep -q "warning"; then bad "no warning before expiry" "$out"; else ok "no warning before expiry"; fi
if echo "$out" | python3 -c 'import json,sys; t=sys.stdin.read(); d=json.loads(t[t.index("{"):]); s=[f for f in d["findings"] if "old/" in f["file"]]; assert s and all("suppressed" in f for f in s)'
then ok "ignore suppresses until its expiry date"; else bad "ignore before expiry"; fi
run "$bin" scan "${only[@]}" --no-config --format json $d/config
if echo "$out" | grep -q '"file": "testdata/suppress/config/generated/third.yaml"'; then ok "--no-config: excluded file scanned again"; else bad "--no-config" "$out"; fi
# --config FILE from elsewhere; paths are relative to the config's folder
cp $d/config/.plimsoll.yaml "$tmp/cfg.yaml"
run "$bin" scan "${only[@]}" --config "$tmp/cfg.yaml" --format json $d/config/app.yaml
if echo "$out" | grep -q '"severity": "critical"' && ! echo "$out" | grep -q '"name": "runs-as-root"'; then ok "--config FILE applies skip and severity"; else bad "--config FILE" "$out"; fi

# Malformed configs: an error with file, line and column; exit 2.
cfgerr() { # name yaml want-regex
  printf '%s' "$2" > "$tmp/bad.yaml"
  run "$bin" scan --config "$tmp/bad.yaml" $d/inline-line
  if [ "$rc" -eq 2 ] && echo "$out" | grep -Eq -- "$3"; then ok "config error: $1"; else bad "config error: $1 (exit $rc)" "$out"; fi
}
cfgerr "unknown key" $'skip: [host-pid]\nignores: []\n' 'bad.yaml:2:1: unknown key .ignores.'
cfgerr "bad severity" $'severity:\n  host-pid: severe\n' 'bad.yaml:2:13: severity must be'
cfgerr "bad date" $'ignore:\n  - check: host-pid\n    expires: 2026-13-01\n' 'bad.yaml:3:14: expires must be a date'
cfgerr "unknown check" $'skip:\n  - host-pdi\n' "bad.yaml:2:5: skip: unknown check 'host-pdi'"
cfgerr "YAML syntax" $'skip: [host-pid\nseverity: {}\n' 'bad.yaml:[0-9]+:[0-9]+: '
cfgerr "ignore without check" $'ignore:\n  - paths: [a]\n' 'bad.yaml:2:5: ignore entry needs a check'

# Goldens: JSON and SARIF carry suppressions with reason and source.
golden() { # name file
  if [ -n "${UPDATE:-}" ]; then cp "$2" "$exp/$1"; ok "updated $1"; return; fi
  if diff -u "$exp/$1" "$2" > "$tmp/diff"; then ok "golden $1"; else bad "golden $1 differs" "$(cat "$tmp/diff")"; fi
}
"$bin" scan "${only[@]}" --format json="$tmp/config.json" --format sarif="$tmp/config.sarif" $d/config 2>/dev/null
golden config.json "$tmp/config.json"
golden config.sarif "$tmp/config.sarif"
"$bin" scan "${only[@]}" --format sarif="$tmp/inline.sarif" --format junit="$tmp/inline.junit" $d/inline-line $d/annotation
golden inline.sarif "$tmp/inline.sarif"
golden inline.junit "$tmp/inline.junit"
if grep -q '"kind": "inSource"' "$tmp/inline.sarif" && grep -q '"kind": "external"' "$tmp/config.sarif"; then ok "sarif suppressions kinds"; else bad "sarif suppressions"; fi

# Baseline: record, shift lines, only new findings are reported.
mkdir -p "$tmp/bl"
cp $d/inline-above/pod.yaml "$tmp/bl/pod.yaml"
cp $d/dockerfile/Dockerfile "$tmp/bl/Dockerfile"
( cd "$tmp/bl" && "$bin" scan "${only[@]}" --write-baseline base.json . > /dev/null ); rc=$?
if [ "$rc" -eq 0 ] && [ "$(python3 -c 'import json;print(len(json.load(open("'"$tmp"'/bl/base.json"))["findings"]))')" = 3 ]; then ok "write-baseline records unsuppressed findings, exit 0"; else bad "write-baseline (exit $rc)" "$(cat "$tmp/bl/base.json")"; fi
# shift every line: comments at the top, an extra instruction above, a re-indented continuation
{ printf '# added\n# lines\n# above\n'; cat $d/inline-above/pod.yaml; } > "$tmp/bl/pod.yaml"
{ echo "FROM alpine:3.20"; echo "LABEL team=core"; echo "WORKDIR /src"; sed '1d; s/^    echo fetching/      echo fetching/' $d/dockerfile/Dockerfile; } > "$tmp/bl/Dockerfile"
run bash -c "cd '$tmp/bl' && '$bin' scan ${only[*]} --baseline base.json ."
expect_rc "baseline after line shifts: nothing new" 0
expect_out "baseline hides recorded findings" "^0 findings"
# a new problem is reported, the old ones stay hidden
sed -i 's/image: "busybox:latest"/image: "busybox:latest"\n      env:\n        - name: DB_PASSWORD\n          value: "s3cr3t-pa55w0rd-x"/' "$tmp/bl/pod.yaml"
run bash -c "cd '$tmp/bl' && '$bin' scan ${only[*]} --baseline base.json --format json ."
expect_rc "baseline: new finding fails" 1
if [ "$(echo "$out" | summarize | grep ' -$' | cut -d' ' -f1 | tr '\n' ' ')" = "secret-in-env " ]; then ok "baseline reports only the new finding"; else bad "baseline new finding" "$(echo "$out" | summarize)"; fi
run "$bin" scan --baseline "$tmp/nope.json" $d/inline-line
expect_rc "missing baseline file is an error" 2

cp "$tmp"/*.sarif "${SARIF_COLLECT:-$tmp}/" 2>/dev/null
# SARIF validation of what this test wrote (same helper as test_formats.sh)
mt=${SARIF_MULTITOOL:-}
for m in "$root"/build/npm "$root"/build-*/npm; do [ -z "$mt" ] && [ -x "$m/node_modules/.bin/sarif-multitool" ] && mt="$m/node_modules/.bin/sarif-multitool"; done
if [ -n "$mt" ]; then
  v=$("$mt" validate "$tmp"/*.sarif 2>&1)
  if echo "$v" | grep -Eq '\): (error|warning) ' || ! echo "$v" | grep -q 'Analysis completed successfully'; then bad "sarif multitool" "$v"; else ok "sarif multitool validates suppressions"; fi
elif [ -n "${PLIMSOLL_REQUIRE_SARIF_VALIDATOR:-}" ]; then bad "sarif multitool not installed"
else ok "sarif validation skipped: multitool not installed"; fi
finish suppress
