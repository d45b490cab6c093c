-- audit-policy-missing: kube-apiserver does not set --audit-policy-file.
local check = {
  id = "NODE-037", name = "audit-policy-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "No audit policy",
  description = [[
The audit policy decides which requests are logged and at what level; without one
the API server records no audit events even when an audit log path is set.]],
  remediation = "Write an audit policy (at least Metadata level for all requests, no request bodies for Secrets) and set --audit-policy-file on kube-apiserver.",
}

check.node = flags.want_set("kube-apiserver", { "audit-policy-file" }, "no audit events are recorded",
  { ["audit-policy-file"] = "/etc/kubernetes/audit/policy.yaml" })

return check
