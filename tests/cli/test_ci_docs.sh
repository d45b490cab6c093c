#!/usr/bin/env bash
# test_ci_docs.sh — every job of docs/ci.md runs as written: each `plimsoll`
# command line of its code blocks (fenced or indented) in a git repository
# holding findings, with fake `helm` and `kustomize` that print a rendered
# stream; the reports those lines write are checked (SARIF and GitLab JSON,
# JUnit against tests/junit/junit.xsd, the GitHub step summary); the shell
# job runs as a script; every pre-commit configuration runs with Debian's
# pre-commit against this tree's hooks.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
doc="$root/docs/ci.md"
export PLIMSOLL_TODAY=2026-11-25
export GIT_CONFIG_GLOBAL="$tmp/gitconfig" GIT_CONFIG_NOSYSTEM=1 PRE_COMMIT_HOME="$tmp/cache"
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
git config --global init.defaultBranch main
git config --global commit.gpgsign false
mkdir -p "$tmp/bin"; ln -s "$bin" "$tmp/bin/plimsoll"
rendered="$tmp/rendered.yaml"
printf -- '---\n# Source: shop/templates/deployment.yaml\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: "nginx:latest"\n' > "$rendered"
for tool in helm kustomize; do printf '#!/bin/sh\ncat %s\n' "$rendered" > "$tmp/bin/$tool"; chmod +x "$tmp/bin/$tool"; done
export PATH="$tmp/bin:$PATH"

# The project: a git repository with a Dockerfile, a manifest, a Compose file.
proj="$tmp/proj"
mkdir -p "$proj" && cd "$proj" && git init -q || exit 2
printf 'FROM alpine:latest\nENV DB_PASSWORD=s3cr3t-pa55w0rd-x\n' > Dockerfile
printf 'FROM alpine:3.22\nUSER 10001\n' > Dockerfile.prod
cat > deploy.yaml <<'YAML'
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: shop
spec:
  containers:
    - name: web
      image: "shop/web:1.0"
      securityContext:
        privileged: true
YAML
printf 'services:\n  web:\n    image: "nginx:1.27"\n    privileged: true\n' > compose.yaml
git add . && git commit -qm project
plimsoll scan --write-baseline .plimsoll-baseline.json . >/dev/null 2>&1

# ---- every plimsoll command line of the page's code blocks
lines=$(python3 - "$doc" <<'PY'
import re, sys
text = open(sys.argv[1]).read().split("\n")
fenced, out = False, []
for line in text:
    if line.startswith("```"):
        fenced = not fenced
        continue
    if not (fenced or line.startswith("    ")) or line.strip().startswith("plimsoll:"):
        continue  # prose, or a sample of plimsoll's own output
    m = re.search(r"(?:^|run: |- |\| |^\s+)((?:helm|kustomize) [^|]*\| )?(plimsoll scan.*)$", line)
    if not m or "FORMAT[" in line or "PATH..." in line:
        continue
    cmd = (m.group(1) or "") + m.group(2)
    cmd = re.sub(r"\s+#.*$", "", cmd)   # a trailing comment
    out.append(cmd)
print("\n".join(out))
PY
)
n=0
while IFS= read -r cmd; do
  [ -n "$cmd" ] || continue
  n=$((n + 1))
  rm -f plimsoll.sarif gl-code-quality.json plimsoll-junit.xml junit.xml "$tmp/summary.md"
  run env GITHUB_STEP_SUMMARY="$tmp/summary.md" sh -c "$cmd"
  if [ "$rc" -le 1 ] && ! echo "$out" | grep -q -e "unknown option" -e "needs a value" -e "try: plimsoll help"; then
    ok "runs: $cmd (exit $rc)"
  else
    bad "documented command fails: $cmd (exit $rc)" "$out"
  fi
  if [ -f plimsoll.sarif ]; then
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["runs"][0]; assert r["results"]' plimsoll.sarif \
      && ok "  its SARIF has results" || bad "  its SARIF" "$(head -c 300 plimsoll.sarif)"
  fi
  if [ -f gl-code-quality.json ]; then
    python3 -c 'import json,sys; a=json.load(open(sys.argv[1])); assert a and all(not i["location"]["path"].startswith("../") for i in a)' gl-code-quality.json \
      && ok "  its GitLab Code Quality report has issues" || bad "  its GitLab report" "$(head -c 300 gl-code-quality.json)"
  fi
  for x in plimsoll-junit.xml junit.xml; do
    [ -f "$x" ] || continue
    if command -v xmllint >/dev/null; then
      xmllint --noout --schema "$root/tests/junit/junit.xsd" "$x" 2>/dev/null && ok "  its JUnit report is valid" || bad "  its JUnit report $x" "$(head -c 300 "$x")"
    fi
  done
  case $cmd in *"--format github"*)
    [ -s "$tmp/summary.md" ] && ok "  it appended the step summary" || bad "  no step summary written";;
  esac
done <<< "$lines"
[ "$n" -ge 8 ] && ok "$n command lines found in docs/ci.md" || bad "only $n command lines found in docs/ci.md"

# ---- the shell job, as a script
python3 - "$doc" > "$tmp/ci.sh" <<'PY'
import sys
blocks, cur = [], None
for line in open(sys.argv[1]).read().split("\n"):
    if cur is None and line == "```sh":
        cur = []
    elif cur is not None and line == "```":
        blocks.append(cur); cur = None
    elif cur is not None:
        cur.append(line)
print("\n".join(next(b for b in blocks if b and b[0].startswith("#!"))))
PY
rm -f plimsoll-junit.xml
run sh "$tmp/ci.sh"
expect_rc "the shell job fails on a high finding" 1
[ -f plimsoll-junit.xml ] && ok "the shell job wrote its JUnit report" || bad "the shell job wrote no JUnit report"
expect_out "the shell job prints the text report" "Dockerfile:2:17: high secret-in-env"
git add -A && git commit -qm reports --no-verify

# ---- the pre-commit configurations, with this tree's hooks
if ! command -v pre-commit >/dev/null; then
  ok "skipped: pre-commit not installed (tools/install-deps.sh installs it)"
  finish ci_docs; exit
fi
hooks="$tmp/hooks"
mkdir -p "$hooks" && cp "$root/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q && git -C "$hooks" add . && git -C "$hooks" commit -qm hooks
rev=$(git -C "$hooks" rev-parse HEAD)
python3 - "$doc" "$tmp" <<'PY'
import sys
blocks, cur = [], None
for line in open(sys.argv[1]).read().split("\n"):
    if cur is None and line == "```yaml":
        cur = []
    elif cur is not None and line == "```":
        blocks.append(cur); cur = None
    elif cur is not None:
        cur.append(line)
n = 0
for b in blocks:
    if any(l.strip().startswith("repos:") for l in b):
        n += 1
        open("%s/precommit-%d.yaml" % (sys.argv[2], n), "w").write("\n".join(b) + "\n")
PY
k=0
for cfg in "$tmp"/precommit-*.yaml; do
  k=$((k + 1))
  sed -e "s|https://github.com/plimsoll/plimsoll|$hooks|" -e "s|rev: v[0-9.]*|rev: $rev|" "$cfg" > .pre-commit-config.yaml
  run pre-commit run --all-files
  expect_rc "documented pre-commit configuration $k blocks on the findings" 1
  expect_no_out "  its args are not read as file names" "cannot read"
  expect_out "  it reports the privileged pod" "deploy.yaml:11:9: critical privileged-container"
  expect_no_out "  secrets stay masked" "s3cr3t-pa55w0rd-x"
done
[ "$k" -ge 2 ] && ok "$k pre-commit configurations found in docs/ci.md" || bad "only $k pre-commit configurations in docs/ci.md"
finish ci_docs
