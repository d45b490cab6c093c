-- audit-log-max-backup: kube-apiserver's --audit-log-maxbackup is below 10 (or unset).
local check = {
  id = "NODE-018", name = "audit-log-max-backup", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "Fewer than 10 audit log files kept",
  description = [[
Rotated audit log files beyond --audit-log-maxbackup are deleted; CIS recommends
keeping at least 10.]],
  remediation = "Set --audit-log-maxbackup=10 (or more) on kube-apiserver.",
}

check.node = flags.want_at_least("kube-apiserver", "audit-log-maxbackup", 10, 0, "old audit log files are deleted early")

return check
