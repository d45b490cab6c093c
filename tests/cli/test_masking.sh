#!/usr/bin/env bash
# test_masking.sh — defect 1 of issue 13: every secret known in a file is
# masked in every line printed about it, in every format: the source lines of
# the text report (also those of parse errors), and the messages of JSON,
# SARIF, JUnit, GitLab and GitHub. Masks keep whole UTF-8 characters.
set -u
source "$(dirname "$0")/lib.sh"

stripe=sk_live_51HxQ2bC3dE4fG5hI6jK7
ghp=ghp_R4nd0mT0k3nV4lu3Th4tL00ksR34l1234ABCD
# a flow-style Pod: both secrets on one line, which a dozen findings print;
# then a document that does not parse, on a line holding both again
cat > "$tmp/pod.yaml" <<EOF2
apiVersion: v1
kind: Pod
metadata: {name: p}
spec: {containers: [{name: a, image: "nginx:1.27", env: [{name: STRIPE_KEY, value: "$stripe"}, {name: GH_TOKEN, value: "$ghp"}]}]}
---
broken: "$ghp" $stripe: [
EOF2
# a minified image config: every finding prints the one line
printf '{"architecture":"amd64","os":"linux","config":{"User":"","Env":["API_TOKEN=%s","GITHUB_TOKEN=%s","PATH=/usr/bin"]},"rootfs":{"type":"layers","diff_ids":[]}}\n' "$stripe" "$ghp" > "$tmp/config.json"

for f in text json sarif junit gitlab github; do
  run "$bin" scan --format "$f" "$tmp/pod.yaml" "$tmp/config.json"
  expect_rc "$f: findings and a parse error" 2
  expect_no_out "$f: no secret printed whole" "$stripe|$ghp"
  expect_out "$f: the secrets are shown masked" 'sk_l\*\*\*\*'
done
run "$bin" scan "$tmp/pod.yaml"
expect_out "text: the parse error's line is masked" '^ +6 \| broken: "ghp_\*\*\*\*" sk_l\*\*\*\*: \[$'
expect_out "text: its caret is under the masked secret" '^ +\|                    \^$'
expect_out "text: a line with two secrets, printed for another finding, masks both" \
  'value: "sk_l\*\*\*\*"\}, \{name: GH_TOKEN, value: "ghp_\*\*\*\*"\}'
run "$bin" scan "$tmp/config.json"
expect_no_out "image config: no secret printed whole" "$stripe|$ghp"
expect_out "image config: the findings are there" 'secret-in-env'

# masks keep whole characters: a secret starting "aé" keeps both, and the
# JSON, SARIF and JUnit reports stay valid UTF-8
cat > "$tmp/u.yaml" <<'EOF2'
apiVersion: v1
kind: Pod
metadata: {name: u}
spec: {containers: [{name: a, image: "nginx:1.27", env: [{name: DB_PASSWORD, value: "aéZq8vLm3x"}]}]}
EOF2
run "$bin" scan --format json "$tmp/u.yaml"
expect_out "json: the mask keeps é whole" 'DB_PASSWORD=aé\*\*\*\*'
for f in json sarif; do
  "$bin" scan --format "$f" "$tmp/u.yaml" > "$tmp/u.$f" 2>/dev/null
  if python3 -c 'import json,sys; json.loads(open(sys.argv[1],"rb").read().decode("utf-8"))' "$tmp/u.$f" 2>/dev/null
  then ok "$f: valid UTF-8 JSON"; else bad "$f: not valid UTF-8 JSON" "$(cat "$tmp/u.$f")"; fi
done
"$bin" scan --format junit "$tmp/u.yaml" > "$tmp/u.xml" 2>/dev/null
if python3 -c 'import sys,xml.dom.minidom as m; m.parseString(open(sys.argv[1],"rb").read())' "$tmp/u.xml" 2>/dev/null
then ok "junit: valid XML"; else bad "junit: not valid XML" "$(cat "$tmp/u.xml")"; fi

finish masking
