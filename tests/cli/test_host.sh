#!/usr/bin/env bash
# test_host.sh — the inputs of an offline host and node audit (container,
# daemon, node): detection by name and content, docker/podman inspect
# splitting and the names of its documents, static pods taken out of the
# kubernetes input, flag parsing positions, and the hardened fixtures of
# testdata/host giving no finding at all while the default and risky ones do.
set -u
source "$(dirname "$0")/lib.sh"
host=$(cd "$data/../host" && pwd)

# inputs: what summary.inputs counts for PATH...
inputs() {
  "$bin" scan --format json "$@" 2>/dev/null | python3 -c '
import json, sys
r = json.load(sys.stdin)
print(" ".join("%s=%d" % (k, v) for k, v in r["summary"]["inputs"].items() if v))'
}

got=$(inputs "$host/default")
[ "$got" = "container=1 daemon=1 node=6" ] && ok "default host: 1 container, daemon.json, 4 static pods + kubelet + kube-proxy" || bad "default host inputs: $got"
got=$(inputs "$host/risky/containers.json")
[ "$got" = "container=2" ] && ok "an inspect array is split into one document per container" || bad "risky containers: $got"
got=$(inputs "$host/podman")
[ "$got" = "container=1" ] && ok "podman container inspect is a container" || bad "podman: $got"

# docker inspect of images and containers mixed in one array
python3 -c '
import json, sys
c = json.load(open(sys.argv[1]))[0]
img = {"Id": "sha256:aa", "RepoTags": ["nginx:1.25"], "Config": {"User": ""}, "RootFS": {"Type": "layers"}, "Architecture": "amd64", "Os": "linux"}
json.dump([img, c], open(sys.argv[2], "w"), indent=2)' "$host/default/containers.json" "$tmp/mixed.json"
got=$(inputs "$tmp/mixed.json")
[ "$got" = "image=1 container=1" ] && ok "docker inspect mixing an image and a container" || bad "mixed inspect: $got"

# a container is named by its name and short id; Podman's name has no slash
run "$bin" scan --only privileged-container "$host/risky/containers.json"
expect_out "container resource: name (short id)" '\[container ops-agent \(c4d2e8f1a3b5\)\]$'
run "$bin" scan --only host-port "$host/podman/containers.json"
expect_out "podman name without slash" 'container "cache" .*\[container cache \(5a7c9e1b3d5f\)\]$'

# daemon.json: by name any object, elsewhere by content (two or more known keys only)
echo '{}' > "$tmp/daemon.json"
printf '{"icc": false, "live-restore": true}\n' > "$tmp/docker-host1.json"
printf '{"icc": false, "colour": "blue"}\n' > "$tmp/other.json"
printf '{"icc": false}\n' > "$tmp/single.json"
got=$(inputs "$tmp/daemon.json"); [ "$got" = "daemon=1" ] && ok "daemon.json by name, even empty" || bad "daemon.json: $got"
got=$(inputs "$tmp/docker-host1.json"); [ "$got" = "daemon=1" ] && ok "daemon configuration by content" || bad "by content: $got"
got=$(inputs "$tmp/other.json" "$tmp/single.json"); [ -z "$got" ] && ok "unknown keys or a single key elsewhere: not a daemon configuration" || bad "not daemon: $got"

# static pods: node, not kubernetes; the same Pod outside kube-system stays kubernetes
sed 's/namespace: kube-system/namespace: etcd-test/' "$host/default/etcd.yaml" > "$tmp/etcd-elsewhere.yaml"
got=$(inputs "$tmp/etcd-elsewhere.yaml"); [ "$got" = "kubernetes=1" ] && ok "an etcd Pod outside kube-system is a workload" || bad "etcd elsewhere: $got"
printf 'apiVersion: v1\nkind: List\nitems:\n- apiVersion: kubelet.config.k8s.io/v1beta1\n  kind: KubeletConfiguration\n  readOnlyPort: 10255\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: x}\n' > "$tmp/list.yaml"
got=$(inputs "$tmp/list.yaml"); [ "$got" = "kubernetes=1 node=1" ] && ok "List items classified one by one" || bad "list: $got"
run "$bin" scan --only read-only-port-open "$tmp/list.yaml"
expect_out "KubeletConfiguration in a List is checked" 'list.yaml:6:3: medium read-only-port-open'

# flags: --flag value, repeated list flags, single-dash and environment for etcd
cat > "$tmp/kube-apiserver.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata:
  name: kube-apiserver
  namespace: kube-system
spec:
  containers:
  - name: kube-apiserver
    command: ["kube-apiserver"]
    args:
    - --enable-admission-plugins=NodeRestriction
    - --enable-admission-plugins
    - EventRateLimit, AlwaysAdmit
    - --profiling=false
    - --profiling=true
EOF
run "$bin" scan --only always-admit-enabled,profiling-enabled,node-restriction-missing "$tmp/kube-apiserver.yaml"
expect_out "list item of a repeated flag, in the next item, at its column" 'kube-apiserver.yaml:13:23: high always-admit-enabled'
expect_out "the last of a repeated scalar flag wins" 'kube-apiserver.yaml:15:19: low profiling-enabled: kube-apiserver sets --profiling=true'
expect_no_out "items of every repetition count" 'node-restriction-missing'
cat > "$tmp/etcd.yaml" <<'EOF'
apiVersion: v1
kind: Pod
metadata: {name: etcd-cp1, namespace: kube-system}
spec:
  containers:
  - name: etcd
    image: registry.k8s.io/etcd:3.5.15-0
    command: [etcd, -auto-tls=true, --name=cp1]
    env:
    - name: ETCD_CLIENT_CERT_AUTH
      value: "true"
    - name: ETCD_PEER_AUTO_TLS
      value: "true"
EOF
run "$bin" scan --only etcd-auto-tls,etcd-client-cert-auth-off,etcd-peer-auto-tls "$tmp/etcd.yaml"
expect_out "etcd -flag with one dash" 'etcd.yaml:8:[0-9]+: high etcd-auto-tls: etcd sets -auto-tls=true'
expect_out "etcd ETCD_* environment variables" 'etcd.yaml:13:15: high etcd-peer-auto-tls: etcd sets ETCD_PEER_AUTO_TLS=true'
expect_no_out "ETCD_CLIENT_CERT_AUTH=true counts" 'etcd-client-cert-auth-off'

# the hardened host gives nothing; the default and risky ones a finding per input
run "$bin" scan "$host/hardened"
expect_rc "hardened host and node: no finding" 0
expect_out "hardened: nothing reported" '^0 findings in 9 files \(9 documents\)$'
for set in default risky podman; do
  run "$bin" scan --format json "$host/$set"
  n=$(echo "$out" | python3 -c 'import json,sys; print(json.load(sys.stdin)["summary"]["findings"])' 2>/dev/null)
  [ "${n:-0}" -gt 0 ] && ok "$set: $n findings" || bad "$set: no findings"
done

finish host
