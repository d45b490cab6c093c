#!/usr/bin/env bash
# test_precommit.sh — the pre-commit round trip with Debian's pre-commit, no
# network: a hooks repository made from this tree's .pre-commit-hooks.yaml,
# a project repository using it, `plimsoll` on PATH. A staged bad file blocks
# the commit; once fixed, the commit goes through. Each hook's filters pick
# only its files.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
if ! command -v pre-commit >/dev/null; then
  if [ -n "${PLIMSOLL_REQUIRE_PRECOMMIT:-}" ]; then bad "pre-commit not installed (tools/install-deps.sh installs it)"
  else ok "skipped: pre-commit not installed (tools/install-deps.sh installs it)"; fi
  finish precommit; exit
fi
export PLIMSOLL_TODAY=2026-11-25   # pins end-of-life decisions
export PRE_COMMIT_HOME="$tmp/cache" GIT_CONFIG_GLOBAL="$tmp/gitconfig" GIT_CONFIG_NOSYSTEM=1
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.invalid GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.invalid
git config --global init.defaultBranch main
git config --global commit.gpgsign false
mkdir -p "$tmp/bin"; ln -s "$bin" "$tmp/bin/plimsoll"
export PATH="$tmp/bin:$PATH"

# The hooks repository: this tree's .pre-commit-hooks.yaml, committed.
hooks="$tmp/hooks"
mkdir -p "$hooks" && cp "$root/.pre-commit-hooks.yaml" "$hooks/"
git -C "$hooks" init -q && git -C "$hooks" add . && git -C "$hooks" commit -qm hooks
rev=$(git -C "$hooks" rev-parse HEAD)

proj="$tmp/proj"
mkdir -p "$proj" && cd "$proj" || exit 2
git init -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: plimsoll-dockerfile
      - id: plimsoll-kubernetes
      - id: plimsoll-compose
YAML
git add .pre-commit-config.yaml && git commit -qm config --no-verify
run pre-commit install
expect_rc "pre-commit install" 0

# A bad Dockerfile blocks the commit.
printf 'FROM alpine:latest\nENV DB_PASSWORD=s3cr3t-pa55w0rd-x\n' > Dockerfile
git add Dockerfile
run git commit -qm "bad dockerfile"
expect_rc "staged bad Dockerfile blocks the commit" 1
expect_out "hook output names the finding" "Dockerfile:1:6: medium latest-image-tag"
expect_no_out "the secret is masked in hook output" "s3cr3t-pa55w0rd-x"
if git rev-parse -q --verify HEAD~1 >/dev/null; then bad "a commit was made"; else ok "no commit was made"; fi

# Fixed: the commit goes through.
printf 'FROM alpine:3.22\nRUN adduser -D -u 10001 app\nHEALTHCHECK CMD wget -qO- http://localhost:8080/health || exit 1\nUSER 10001\n' > Dockerfile
git add Dockerfile
run git commit -qm "fixed dockerfile"
expect_rc "fixed Dockerfile commits" 0
expect_out "the Dockerfile hook ran" "plimsoll \(Dockerfiles\).*Passed"

# Kubernetes and Compose hooks see only their files.
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
git add deploy.yaml
run git commit -qm "privileged pod"
expect_rc "privileged pod blocks the commit" 1
expect_out "kubernetes hook reports it" "deploy.yaml:11:9: critical privileged-container"
expect_out "compose hook skipped (no compose files)" "plimsoll \(Docker Compose\).*\(no files to check\)Skipped"
git reset -q deploy.yaml; rm deploy.yaml
# only the staged files are scanned: an unstaged bad file elsewhere does not matter
printf 'services:\n  web:\n    image: "nginx:1.27"\n    privileged: true\n' > compose.yaml
printf 'services:\n  web:\n    image: "nginx:1.27"\n    read_only: true\n' > docker-compose.yml
git add docker-compose.yml
run git commit -qm "compose"
expect_out "compose hook scanned the staged compose file" "plimsoll \(Docker Compose\)"
expect_no_out "unstaged compose.yaml not scanned" "compose.yaml:"

# args work: with `args: [--fail-on, high]` a Dockerfile with only lower findings commits.
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: plimsoll-dockerfile
        args: [--fail-on, high]
YAML
git add .pre-commit-config.yaml && git commit -qm "hook args" --no-verify
printf 'FROM alpine:latest\nUSER 10001\n' > Dockerfile
git add Dockerfile
run git commit -qm "latest tag, allowed by --fail-on high"
expect_rc "args reach plimsoll (--fail-on high lets a medium finding pass)" 0
expect_no_out "args are not read as file names" "cannot read"
printf 'FROM alpine:3.22\nENV API_TOKEN=ghp_0123456789abcdefghijABCDEFGHIJ012345\n' > Dockerfile
git add Dockerfile
run git commit -qm "a literal token is high"
expect_rc "a high finding still blocks with --fail-on high" 1
expect_no_out "the token is masked in hook output" "ghp_0123456789abcdef"
# Context: a commit that touches only deploy.yaml sees the NetworkPolicy
# committed earlier in netpol.yaml (cross-document checks read the rest of
# the repository as context, without reporting on it).
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: plimsoll-kubernetes
        args: [--only, missing-network-policy]
YAML
git add .pre-commit-config.yaml && git commit -qm "kubernetes hook" --no-verify
cat > netpol.yaml <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: default-deny
  namespace: shop
spec:
  podSelector: {}
  policyTypes: [Ingress, Egress]
YAML
git add netpol.yaml && git commit -qm "network policy" --no-verify
# an unrelated manifest elsewhere in the repository with its own finding
mkdir -p other && printf 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: lone\n  namespace: lonely\nspec:\n  containers:\n    - name: c\n      image: "busybox:1.36"\n' > other/lone.yaml
git add other/lone.yaml && git commit -qm "other" --no-verify
cat > deploy.yaml <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    spec:
      containers:
        - name: web
          image: "shop/web:1.0"
YAML
git add deploy.yaml
run git commit -qm "deployment only"
expect_rc "a commit of deploy.yaml alone passes: netpol.yaml is context" 0
expect_no_out "context files are not reported on" "lone.yaml"
git rm -q --cached deploy.yaml && git commit -qm "drop" --no-verify >/dev/null 2>&1; git reset -q
cat > .pre-commit-config.yaml <<YAML
repos:
  - repo: $hooks
    rev: $rev
    hooks:
      - id: plimsoll-kubernetes
        args: [--only, missing-network-policy, --no-context]
YAML
git add .pre-commit-config.yaml && git commit -qm "no context" --no-verify
git add deploy.yaml
run git commit -qm "deployment only, --no-context"
expect_rc "args: [--no-context] checks the staged files alone" 1
expect_out "and reports the namespace without a policy" "deploy.yaml:3:1: medium missing-network-policy"
finish precommit
