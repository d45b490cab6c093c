-- kubelet-client-cert-missing: kube-apiserver lacks --kubelet-client-certificate or --kubelet-client-key.
local check = {
  id = "NODE-004", name = "kubelet-client-cert-missing", severity = "high", class = "hardening",
  inputs = { "node" },
  title = "API server has no client certificate for kubelets",
  description = [[
Without a client certificate the API server cannot authenticate to kubelets, so
kubelets must accept unauthenticated requests for logs, exec and port-forward to
work.]],
  remediation = "Set --kubelet-client-certificate and --kubelet-client-key on kube-apiserver (kubeadm: /etc/kubernetes/pki/apiserver-kubelet-client.crt and .key).",
}

check.node = flags.want_set("kube-apiserver", { "kubelet-client-certificate", "kubelet-client-key" },
  "the API server cannot authenticate to kubelets", {
    ["kubelet-client-certificate"] = "/etc/kubernetes/pki/apiserver-kubelet-client.crt",
    ["kubelet-client-key"] = "/etc/kubernetes/pki/apiserver-kubelet-client.key",
  })

return check
