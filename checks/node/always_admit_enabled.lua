-- always-admit-enabled: kube-apiserver enables the AlwaysAdmit admission plugin.
local check = {
  id = "NODE-010", name = "always-admit-enabled", severity = "high", class = "risk",
  inputs = { "node" },
  title = "AlwaysAdmit admission plugin enabled",
  description = [[
AlwaysAdmit admits every request whatever the other admission controllers would
say; it is deprecated and disables admission control in effect.]],
  remediation = "Remove AlwaysAdmit from --enable-admission-plugins of kube-apiserver.",
}

check.node = flags.forbid_item("kube-apiserver", "enable-admission-plugins", "AlwaysAdmit",
  "every request is admitted whatever the other admission plugins decide")

return check
