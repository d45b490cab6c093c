-- kubelet-ca-missing: kube-apiserver lacks --kubelet-certificate-authority.
local check = {
  id = "NODE-005", name = "kubelet-ca-missing", severity = "high", class = "hardening",
  inputs = { "node" },
  title = "API server does not verify kubelet certificates",
  description = [[
Without a CA for kubelet serving certificates, the API server connects to kubelets
without verifying who answers: a machine that takes a node's address receives exec
sessions, logs and port-forwards.]],
  remediation = "Set --kubelet-certificate-authority on kube-apiserver to the CA that signs kubelet serving certificates (serverTLSBootstrap: true on kubelets, certificates approved by the cluster CA).",
}

check.node = flags.want_set("kube-apiserver", { "kubelet-certificate-authority" },
  "connections to kubelets are not verified", { ["kubelet-certificate-authority"] = "/etc/kubernetes/pki/ca.crt" })

return check
