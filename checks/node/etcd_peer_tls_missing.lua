-- etcd-peer-tls-missing: etcd lacks --peer-cert-file or --peer-key-file.
local check = {
  id = "NODE-034", name = "etcd-peer-tls-missing", severity = "high", class = "hardening",
  inputs = { "node" },
  title = "etcd peer traffic without TLS",
  description = [[
Without peer certificates, etcd members replicate the cluster's data (Secrets
included) to each other in clear text and cannot authenticate each other.]],
  remediation = "Set --peer-cert-file and --peer-key-file on every etcd member (kubeadm: /etc/kubernetes/pki/etcd/peer.crt and .key).",
}

check.node = flags.want_set("etcd", { "peer-cert-file", "peer-key-file" }, "members replicate data without TLS", {
  ["peer-cert-file"] = "/etc/kubernetes/pki/etcd/peer.crt", ["peer-key-file"] = "/etc/kubernetes/pki/etcd/peer.key" })

return check
