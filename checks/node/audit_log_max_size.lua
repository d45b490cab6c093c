-- audit-log-max-size: kube-apiserver's --audit-log-maxsize is below 100 (or unset).
local check = {
  id = "NODE-019", name = "audit-log-max-size", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "Audit log files rotated below 100 MB",
  description = [[
The audit log is rotated when it reaches --audit-log-maxsize megabytes; CIS
recommends 100 so rotation and retention together keep enough history.]],
  remediation = "Set --audit-log-maxsize=100 (or more) on kube-apiserver.",
}

check.node = flags.want_at_least("kube-apiserver", "audit-log-maxsize", 100, 0, "audit log files rotate too early to keep enough history")

return check
