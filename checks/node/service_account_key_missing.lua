-- service-account-key-missing: the service account token key pair is not set explicitly:
-- kube-apiserver --service-account-key-file, kube-controller-manager
-- --service-account-private-key-file.
local check = {
  id = "NODE-021", name = "service-account-key-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "Service account signing key not set",
  description = [[
When no key is set, the components fall back to their TLS key: rotating the
serving certificate then invalidates every token, and the key cannot be managed on
its own.]],
  remediation = "Set --service-account-key-file on kube-apiserver and --service-account-private-key-file on kube-controller-manager to a dedicated key pair.",
}

check.node = flags.each(
  flags.want_set("kube-apiserver", { "service-account-key-file" }, "service account tokens are verified with the TLS key",
    { ["service-account-key-file"] = "/etc/kubernetes/pki/sa.pub" }),
  flags.want_set("kube-controller-manager", { "service-account-private-key-file" }, "service account tokens are signed with the TLS key",
    { ["service-account-private-key-file"] = "/etc/kubernetes/pki/sa.key" }))

return check
