#!/usr/bin/env bash
# test_where.sh — where users run plimsoll (issue 15): repository context for
# cross-document checks, files that are not container configuration, Helm
# charts, rendered streams on stdin (# Source: attribution in every format,
# --stdin-filename), --verbose, paths and fingerprints relative to the
# repository root, JUnit that is valid XML for any input.
source "$(dirname "$0")/lib.sh"
root=$(cd "$(dirname "$0")/../.." && pwd)
export GIT_CONFIG_GLOBAL="$tmp/gitconfig" GIT_CONFIG_NOSYSTEM=1
git config --global init.defaultBranch main

# ---- a repository: context for cross-document checks
repo="$tmp/parent/repo"
mkdir -p "$repo/deploy" "$repo/other" && git -C "$repo" init -q
cat > "$repo/deploy/web.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers: [{name: web, image: "nginx:1.27"}]
YAML
cat > "$repo/deploy/netpol.yaml" <<'YAML'
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: default-deny, namespace: shop}
spec: {podSelector: {}, policyTypes: [Ingress, Egress]}
YAML
# context is never reported on: a workload without a policy, a broken file
cat > "$repo/other/api.yaml" <<'YAML'
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: billing}
spec:
  template:
    spec:
      containers: [{name: api, image: "api:1.0"}]
YAML
printf 'apiVersion: v1\nkind: Pod\nmetadata: [\n' > "$repo/other/broken.yaml"
cd "$repo" || exit 2
run "$bin" scan --only missing-network-policy deploy/web.yaml
expect_rc "a file named in a work tree: the NetworkPolicy elsewhere in the repository counts" 0
expect_out "the summary counts only the file named" "0 findings in 1 file \(1 document\)"
expect_no_out "context files are not reported on" "api.yaml|broken.yaml"
run "$bin" scan --only missing-network-policy --no-context deploy/web.yaml
expect_rc "--no-context: only the files named" 1
expect_out "--no-context reports the namespace without a policy" "deploy/web.yaml:3:1: medium missing-network-policy"
run "$bin" scan --only missing-network-policy --verbose deploy/web.yaml
expect_out "--verbose says how many files were context" "other files? of the repository read as context"
# the repository is read only when a named document is one a cross-document
# check reads: a Dockerfile, a Service, a ConfigMap never need it
printf 'FROM debian:12\nUSER app\n' > "$repo/Dockerfile"
printf 'apiVersion: v1\nkind: Service\nmetadata: {name: web, namespace: shop}\nspec: {ports: [{port: 80}]}\n' > "$repo/deploy/svc.yaml"
run "$bin" scan --verbose Dockerfile
expect_no_out "a Dockerfile alone: the repository is not read" "read as context"
run "$bin" scan --verbose deploy/svc.yaml
expect_no_out "a Service alone: the repository is not read" "read as context"
run "$bin" scan --verbose Dockerfile deploy/netpol.yaml
expect_out "a NetworkPolicy named with it: the repository is read" "other files? of the repository read as context"
rm -f "$repo/Dockerfile" "$repo/deploy/svc.yaml"
run bash -c "cd '$tmp' && '$bin' scan --only missing-network-policy '$repo/deploy/web.yaml'"
expect_rc "context found from the file, not from the current folder" 0
# the repository is what git lists: ignored build output is not context
mkdir -p "$repo/build"
sed 's/namespace: shop/namespace: ci/' "$repo/deploy/web.yaml" > "$repo/deploy/ci.yaml"
sed 's/namespace: shop/namespace: ci/' "$repo/deploy/netpol.yaml" > "$repo/build/netpol.yaml"
printf 'build/\n' > "$repo/.gitignore"
run "$bin" scan --only missing-network-policy deploy/ci.yaml
expect_rc "a policy in an ignored folder is not context" 1
expect_out "the namespace is reported" "deploy/ci.yaml:3:1: medium missing-network-policy"
: > "$repo/.gitignore"
run "$bin" scan --only missing-network-policy deploy/ci.yaml
expect_rc "the same policy, no longer ignored (untracked), is context" 0
printf 'build/\n' > "$repo/.gitignore"
mkdir -p "$tmp/nogit" && for t in bash sed cat; do ln -sf "$(command -v $t)" "$tmp/nogit/"; done
run env PATH="$tmp/nogit" "$bin" scan --only missing-network-policy deploy/ci.yaml
expect_rc "without git the work tree is walked (the ignored folder too)" 0
rm -rf "$repo/build" "$repo/deploy/ci.yaml" "$repo/.gitignore"
mkdir -p "$tmp/norepo" && cp "$repo/deploy/web.yaml" "$tmp/norepo/"
run "$bin" scan --only missing-network-policy "$tmp/norepo/web.yaml"
expect_rc "outside a work tree there is no context" 1

# ---- paths and fingerprints relative to the repository root
cd "$repo" || exit 2
run "$bin" scan --only missing-network-policy --no-context --write-baseline "$tmp/base.json" deploy/web.yaml
expect_out "baseline written from the repository root" ""
cd "$tmp/parent" || exit 2
run "$bin" scan --only missing-network-policy --no-context --baseline "$tmp/base.json" repo/deploy/web.yaml
expect_rc "the baseline written from the root matches from a parent folder" 0
run "$bin" scan --only missing-network-policy --no-context --format gitlab repo/deploy/web.yaml
expect_out "gitlab path relative to the repository root" '"path": "deploy/web.yaml"'
run bash -c "cd '$repo/other' && '$bin' scan --only missing-network-policy --no-context --format gitlab ../deploy/web.yaml"
expect_out "gitlab path from a subfolder" '"path": "deploy/web.yaml"'
expect_no_out "no ../ in gitlab paths" '"path": "\.\./'
run "$bin" scan --only missing-network-policy --no-context --format github repo/deploy/web.yaml
expect_out "github annotation file relative to the repository root" '::warning file=deploy/web.yaml,line=3'
run "$bin" scan --only missing-network-policy --no-context --format text repo/deploy/web.yaml
expect_out "text keeps the path as given" '^repo/deploy/web.yaml:3:1:'
run "$bin" scan --only missing-network-policy --no-context --root "$tmp/parent" --format gitlab repo/deploy/web.yaml
expect_out "--root overrides the git top level" '"path": "repo/deploy/web.yaml"'

# ---- files that are not container configuration
proj="$tmp/proj"
mkdir -p "$proj"
printf 'services:\n  web:\n    image: "nginx:1.27"\n    read_only: true\n' > "$proj/compose.yaml"
printf '{\n  // ASP.NET allows comments\n  "Logging": {"LogLevel": {"Default": "Information"}}\n}\n' > "$proj/appsettings.json"
printf 'kind: Deployment\nspec:\n  replicas: 3\n' > "$proj/replicas-patch.yaml"      # names no target
printf 'kind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n' > "$proj/named-patch.yaml" # judged (issue 12)
printf 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n' > "$proj/ci.yml"
cd "$proj" || exit 2
run "$bin" scan --only privileged-container .
expect_rc "a folder with an appsettings.json that does not parse: not an error" 0
expect_no_out "no error line for it" "error"
run "$bin" scan --only privileged-container --verbose .
expect_out "--verbose lists the file that did not parse" "plimsoll: appsettings.json: skipped: does not parse \(3:.*nothing before the error is container configuration"
expect_out "--verbose lists the kustomize patch" "plimsoll: replicas-patch.yaml:1: document skipped: a kustomize patch"
expect_no_out "and only as a patch" "replicas-patch.yaml: skipped: not a known kind"
expect_no_out "a patch naming its target is a Kubernetes document, not skipped" "named-patch.yaml"
expect_out "--verbose lists a YAML file of no known kind" "plimsoll: ci.yml: skipped: not a known kind"
run "$bin" scan --only privileged-container appsettings.json
expect_rc "named explicitly, a parse failure is an error" 2
expect_out "with its position" "appsettings.json:3:.*: error:"
mkdir -p k8s
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec: [\n' > k8s/web.yaml
printf '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}} // done\n' > k8s/pod.json
printf 'services:\n  web:\n    image: [\n' > k8s/stack.yml
run "$bin" scan --only privileged-container k8s
expect_rc "found by walking, a broken Kubernetes manifest is still an error" 2
expect_out "the YAML one" "k8s/web.yaml:6:.*error"
expect_out "the JSON one (apiVersion and kind before the error)" "k8s/pod.json:1:.*error"
expect_out "a broken Compose file (services: before the error)" "k8s/stack.yml:.*error"
rm -r k8s

# ---- Helm charts
chart="$tmp/charts/shop"
mkdir -p "$chart/templates"
printf 'apiVersion: v2\nname: shop\nversion: 0.1.0\n' > "$chart/Chart.yaml"
printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  replicas: {{ .Values.replicas }}\n' > "$chart/templates/deployment.yaml"
printf '{{- define "shop.name" -}}shop{{- end }}\n' > "$chart/templates/_helpers.tpl"
printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: shop\nautomountServiceAccountToken: false\n' > "$chart/templates/sa.yaml"
printf 'replicas: 2\n' > "$chart/values.yaml"
cd "$tmp/charts" || exit 2
run "$bin" scan --fail-on none .
expect_rc "a chart's templates are not parse errors" 0
expect_out "its plain YAML templates are scanned" "in 3 files"
run "$bin" scan --fail-on none --verbose shop
expect_out "--verbose names the skipped template" "shop/templates/deployment.yaml: skipped: a Helm chart template \(scan the rendered chart: helm template CHART \| plimsoll scan -\)"

printf 'image:\n  tag: "1.0"\ndb:\n  password: "hunter2-hunter2"\n' > "$chart/values.yaml"
run "$bin" scan --verbose shop
expect_rc "a literal secret in the chart's values is a finding" 1
expect_out "reported by hardcoded-secret, masked" "shop/values.yaml:4:3: high hardcoded-secret: Helm value db.password holds a literal secret .*: hunt?\*\*\*\* \[Helm values\]"
expect_out "--verbose says the values are scanned for secrets only" "shop/values.yaml: Helm chart values: scanned for literal secrets only"
run "$bin" scan --format json shop
if echo "$out" | python3 -c 'import json,sys; f=json.load(sys.stdin)["findings"]; assert [x["name"] for x in f] == ["hardcoded-secret"], f'
then ok "no other check reads a values file"; else bad "other checks ran on values.yaml" "$out"; fi
printf 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "x:1"}]}\n' > "$tmp/values.yaml"
run "$bin" scan --only hardcoded-secret,privileged-container --format json "$tmp/values.yaml"
expect_out "a values.yaml outside a chart is an ordinary file" '"kubernetes": 1'

# ---- rendered streams on stdin: # Source: attribution in every format
cat > "$tmp/rendered.yaml" <<'YAML'
---
# Source: shop/templates/serviceaccount.yaml
apiVersion: v1
kind: ServiceAccount
metadata:
  name: web
---
# Source: shop/templates/deployment.yaml
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
          image: "nginx:1.27"
          securityContext:
            privileged: true
YAML
cd "$tmp" || exit 2
only=(--only privileged-container)
run "$bin" scan "${only[@]}" - < "$tmp/rendered.yaml"
expect_rc "a rendered stream with a finding" 1
expect_out "text: the template, the line counted from the Source comment, the stream position kept" \
  '^shop/templates/deployment.yaml:13:13: critical privileged-container: .*\(rendered at <stdin>:21:13\)'
"$bin" scan "${only[@]}" --format json - < "$tmp/rendered.yaml" > "$tmp/r.json"
"$bin" scan "${only[@]}" --format sarif - < "$tmp/rendered.yaml" > "$tmp/r.sarif"
"$bin" scan "${only[@]}" --format gitlab - < "$tmp/rendered.yaml" > "$tmp/r.gitlab"
"$bin" scan "${only[@]}" --format junit - < "$tmp/rendered.yaml" > "$tmp/r.xml"
"$bin" scan "${only[@]}" --format github --stdin-filename out/all.yaml - < "$tmp/rendered.yaml" > "$tmp/r.github"
if python3 - "$tmp" <<'PY'
import json, sys
d = sys.argv[1]
f = json.load(open(d + "/r.json"))["findings"][0]
assert (f["file"], f["line"], f["column"]) == ("shop/templates/deployment.yaml", 13, 13), f
assert f["rendered"] == {"file": "<stdin>", "line": 21, "column": 13}, f["rendered"]
res = json.load(open(d + "/r.sarif"))["runs"][0]["results"][0]
pl = res["locations"][0]["physicalLocation"]
assert pl["artifactLocation"]["uri"] == "shop/templates/deployment.yaml" and pl["region"]["startLine"] == 13
rel = res["relatedLocations"][0]["physicalLocation"]
assert rel["artifactLocation"]["uri"] == "%3Cstdin%3E" and rel["region"]["startLine"] == 21, rel
g = json.load(open(d + "/r.gitlab"))[0]["location"]
assert g == {"path": "shop/templates/deployment.yaml", "lines": {"begin": 13}}, g
PY
then ok "JSON (rendered), SARIF (relatedLocations) and GitLab attribute the finding to the template"
else bad "template attribution in JSON, SARIF or GitLab"; fi
if grep -q 'file="shop/templates/deployment.yaml"' "$tmp/r.xml" && grep -q 'rendered at &lt;stdin&gt;:21:13' "$tmp/r.xml"
then ok "JUnit names the template, the stream position in the text"; else bad "JUnit attribution" "$(cat "$tmp/r.xml")"; fi
if grep -q '^::error file=shop/templates/deployment.yaml,line=13,col=13,.*rendered at out/all.yaml:21:13' "$tmp/r.github"
then ok "GitHub annotates the template"; else bad "GitHub attribution" "$(cat "$tmp/r.github")"; fi
# the fingerprint follows the template, not the stream's line numbers
"$bin" scan "${only[@]}" --write-baseline "$tmp/rb.json" - < "$tmp/rendered.yaml" >/dev/null 2>&1
{ printf -- '---\n# Source: shop/templates/extra.yaml\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n'; cat "$tmp/rendered.yaml"; } > "$tmp/rendered2.yaml"
run bash -c "'$bin' scan ${only[*]} --baseline '$tmp/rb.json' - < '$tmp/rendered2.yaml'"
expect_rc "a baseline of a rendered stream survives documents added before it" 0
# kustomize build: no comments, but origin annotations (buildMetadata: [originAnnotations])
printf 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: web\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  annotations:\n    config.kubernetes.io/origin: |\n      path: base/pod.yaml\n  name: web\nspec:\n  containers:\n  - image: nginx:1.27\n    name: web\n    securityContext:\n      privileged: true\n' > "$tmp/kustomized.yaml"
run bash -c "'$bin' scan ${only[*]} - < '$tmp/kustomized.yaml'"
expect_out "kustomize origin annotation: attributed to the base file, line counted from the document's first" \
  '^base/pod.yaml:13:7: critical privileged-container: .*\(rendered at <stdin>:18:7\)'
# --stdin-filename for other streams
printf 'FROM alpine:latest\nUSER 1000\n' > "$tmp/df"
run bash -c "'$bin' scan --only latest-image-tag --stdin-filename build/Dockerfile - < '$tmp/df'"
expect_out "--stdin-filename names what - reads (and its kind)" "^build/Dockerfile:1:6: medium latest-image-tag"
run bash -c "'$bin' scan --only latest-image-tag --format sarif --stdin-filename build/Dockerfile - < '$tmp/df'"
expect_out "--stdin-filename in SARIF" '"uri": "build/Dockerfile"'

# ---- JUnit: valid XML for any input, valid against the common schema
# a Dockerfile is read as bytes: invalid UTF-8, a UTF-8-encoded surrogate and
# a control character reach the messages (stage names, URLs)
mkdir -p "$tmp/bad-utf8"
printf 'FROM alpine:latest AS b\xff\xfe\x01ld\nRUN echo "\xed\xa0\x80" && curl http://x/\xff | sh\n' > "$tmp/bad-utf8/Dockerfile"
"$bin" scan --format junit "$tmp/bad-utf8" > "$tmp/bad.xml" 2>/dev/null
if ! command -v xmllint >/dev/null; then
  if [ -n "${PLIMSOLL_REQUIRE_XMLLINT:-}" ]; then bad "xmllint not installed (tools/install-deps.sh installs libxml2-utils)"
  else ok "skipped: xmllint not installed (tools/install-deps.sh installs libxml2-utils)"; fi
else
  run xmllint --noout "$tmp/bad.xml"
  expect_rc "JUnit is well-formed XML although the input holds invalid UTF-8 and control characters" 0
  grep -q 'remote-script-piped-to-shell' "$tmp/bad.xml" && ok "the finding is in it" || bad "no finding in the JUnit report"
  for input in "$tmp/bad-utf8" "$root/testdata/examples" "$tmp/rendered.yaml"; do
    "$bin" scan --format junit "$input" > "$tmp/v.xml" 2>/dev/null
    run xmllint --noout --schema "$root/tests/junit/junit.xsd" "$tmp/v.xml"
    expect_rc "JUnit valid against tests/junit/junit.xsd: ${input##*/}" 0
  done
  printf 'apiVersion: v1\nkind: Pod\nmetadata: [\n' > "$tmp/broken.yaml"
  "$bin" scan --format junit "$tmp/broken.yaml" "$tmp/bad-utf8" > "$tmp/v.xml" 2>/dev/null
  run xmllint --noout --schema "$root/tests/junit/junit.xsd" "$tmp/v.xml"
  expect_rc "JUnit with an input error is valid too" 0
  # the schema is not a rubber stamp: an unknown attribute fails it
  sed 's/<testcase /<testcase bogus="1" /' "$tmp/v.xml" > "$tmp/w.xml"
  run xmllint --noout --schema "$root/tests/junit/junit.xsd" "$tmp/w.xml"
  expect_rc "the schema refuses what the common format does not allow" 3
fi
finish where
