-- audit-log-max-age: kube-apiserver's --audit-log-maxage is below 30 (or unset).
local check = {
  id = "NODE-017", name = "audit-log-max-age", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "Audit logs kept for less than 30 days",
  description = [[
Audit logs must cover the time it takes to notice an incident; CIS recommends
keeping them at least 30 days.]],
  remediation = "Set --audit-log-maxage=30 (or more) on kube-apiserver.",
}

check.node = flags.want_at_least("kube-apiserver", "audit-log-maxage", 30, 0, "audit logs are not kept 30 days")

return check
