-- root-ca-missing: kube-controller-manager does not set --root-ca-file.
local check = {
  id = "NODE-029", name = "root-ca-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "Controller manager does not publish the root CA",
  description = [[
The root CA file is what pods receive to verify the API server's certificate;
without it they cannot tell the real API server from an impostor.]],
  remediation = "Set --root-ca-file=/etc/kubernetes/pki/ca.crt on kube-controller-manager.",
}

check.node = flags.want_set("kube-controller-manager", { "root-ca-file" }, "pods cannot verify the API server's certificate",
  { ["root-ca-file"] = "/etc/kubernetes/pki/ca.crt" })

return check
