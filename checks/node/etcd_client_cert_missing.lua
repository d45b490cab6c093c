-- etcd-client-cert-missing: kube-apiserver lacks --etcd-certfile or --etcd-keyfile.
local check = {
  id = "NODE-022", name = "etcd-client-cert-missing", severity = "high", class = "hardening",
  inputs = { "node" },
  title = "API server has no client certificate for etcd",
  description = [[
etcd holds every object of the cluster, Secrets included. Without a client
certificate the API server talks to etcd without TLS client authentication, so
etcd must accept unauthenticated clients.]],
  remediation = "Set --etcd-certfile and --etcd-keyfile on kube-apiserver (kubeadm: /etc/kubernetes/pki/apiserver-etcd-client.crt and .key).",
}

check.node = flags.want_set("kube-apiserver", { "etcd-certfile", "etcd-keyfile" }, "it cannot authenticate to etcd", {
  ["etcd-certfile"] = "/etc/kubernetes/pki/apiserver-etcd-client.crt",
  ["etcd-keyfile"] = "/etc/kubernetes/pki/apiserver-etcd-client.key",
})

return check
