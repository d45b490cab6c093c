-- client-ca-missing: kube-apiserver lacks --client-ca-file, or the kubelet configuration lacks
-- authentication.x509.clientCAFile.
local check = {
  id = "NODE-024", name = "client-ca-missing", severity = "high", class = "hardening",
  inputs = { "node" },
  title = "Client certificate authentication not configured",
  description = [[
Without a client CA, client certificates are not accepted: the API server loses
certificate authentication (kubelets, controllers, admins), and the kubelet cannot
authenticate the API server's requests.]],
  remediation = "kube-apiserver: --client-ca-file=/etc/kubernetes/pki/ca.crt. Kubelet configuration: authentication.x509.clientCAFile: /etc/kubernetes/pki/ca.crt.",
}

check.node = flags.each(
  flags.want_set("kube-apiserver", { "client-ca-file" }, "client certificates are not verified",
    { ["client-ca-file"] = "/etc/kubernetes/pki/ca.crt" }),
  flags.want_field("KubeletConfiguration", "authentication.x509.clientCAFile", function(v) return type(v) == "string" and v ~= "" end, nil,
    "the kubelet cannot authenticate clients by certificate", "authentication:\n  x509:\n    clientCAFile: /etc/kubernetes/pki/ca.crt"))

return check
