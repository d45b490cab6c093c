-- audit-log-missing: kube-apiserver does not set --audit-log-path.
local check = {
  id = "NODE-016", name = "audit-log-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "API server audit log not enabled",
  description = [[
Without an audit log there is no record of who did what through the API: incidents
cannot be investigated and abuse goes unnoticed.]],
  remediation = "Set --audit-log-path (e.g. /var/log/kubernetes/audit/audit.log) and --audit-policy-file on kube-apiserver, and mount the log directory.",
}

check.node = flags.want_set("kube-apiserver", { "audit-log-path" }, "API requests are not audited",
  { ["audit-log-path"] = "/var/log/kubernetes/audit/audit.log" })

return check
