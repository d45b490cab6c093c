-- etcd-ca-missing: kube-apiserver lacks --etcd-cafile.
local check = {
  id = "NODE-025", name = "etcd-ca-missing", severity = "high", class = "hardening",
  inputs = { "node" },
  title = "API server does not verify etcd's certificate",
  description = [[
Without the etcd CA, the API server cannot verify that it talks to the real etcd:
whoever answers on the etcd address receives and serves the cluster's data.]],
  remediation = "Set --etcd-cafile on kube-apiserver (kubeadm: /etc/kubernetes/pki/etcd/ca.crt).",
}

check.node = flags.want_set("kube-apiserver", { "etcd-cafile" }, "etcd's certificate is not verified",
  { ["etcd-cafile"] = "/etc/kubernetes/pki/etcd/ca.crt" })

return check
