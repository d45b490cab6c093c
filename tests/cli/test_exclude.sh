#!/usr/bin/env bash
# test_exclude.sh — the config's `exclude` applies while the folders are
# walked: an excluded file is never read or parsed (an unparsable one gives no
# error, a FIFO named on the command line is never opened), an excluded folder
# is never walked, and the summary counts only the files scanned.
set -u
source "$(dirname "$0")/lib.sh"
export PLIMSOLL_TODAY=2026-11-25

d="$tmp/repo"
mkdir -p "$d/generated/deep" "$d/k8s"
cat > "$d/k8s/pod.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  containers:
    - name: web
      image: nginx:1.27
      securityContext:
        privileged: true
EOF
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: broken\nspec: [\n' > "$d/generated/bad.yaml"
cp "$d/generated/bad.yaml" "$d/generated/deep/worse.yaml"
printf 'exclude:\n  - generated\n  - "k8s/pipe.yaml"\n' > "$d/.plimsoll.yaml"

files_of() { python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["summary"]["files"], len(d["errors"]))'; }

# The probe works: without the config the broken files are read and fail.
run "$bin" scan --no-config --only privileged-container "$d"
expect_rc "without the config the unparsable files are errors" 2
expect_out "without the config: the error names the file" "generated/bad.yaml:[0-9]+:[0-9]+: error"

# With it, they are never parsed: no error, exit 1 for the one finding.
run "$bin" scan --only privileged-container "$d"
expect_rc "excluded unparsable files: no error" 1
expect_no_out "excluded files are not mentioned" "generated/"
expect_out "the rest is scanned" "k8s/pod.yaml:10:9: critical privileged-container"
got=$("$bin" scan --only privileged-container --format json "$d" 2>/dev/null | files_of)
# k8s/pod.yaml and .plimsoll.yaml (a YAML file read for content); no error
if [ "$got" = "2 0" ]; then ok "summary.files counts only the files scanned"; else bad "summary files/errors: $got, want 2 0"; fi
got=$("$bin" scan --no-config --only privileged-container --format json "$d" 2>/dev/null | files_of)
if [ "$got" = "4 2" ]; then ok "without the config every file is counted"; else bad "no-config files/errors: $got, want 4 2"; fi

# A FIFO named explicitly is refused when it is looked at (never read: that
# would block); named explicitly and excluded, it is not even looked at.
mkfifo "$d/k8s/pipe.yaml"
run timeout 20 "$bin" scan --no-config --only privileged-container "$d/k8s/pipe.yaml"
expect_rc "the probe: a FIFO that is looked at is an error" 2
expect_out "the probe: the FIFO is refused" "pipe.yaml: error: cannot read: not a regular file \(a FIFO\)"
run timeout 20 "$bin" scan --config "$d/.plimsoll.yaml" --only privileged-container "$d/k8s/pipe.yaml" "$d/k8s/pod.yaml"
expect_rc "an excluded FIFO named on the command line is never opened" 1
expect_no_out "no error for the excluded FIFO" "error"
finish exclude
