-- service-account-plugin-disabled: kube-apiserver lists ServiceAccount in --disable-admission-plugins.
local check = {
  id = "NODE-012", name = "service-account-plugin-disabled", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "ServiceAccount admission plugin disabled",
  description = [[
The ServiceAccount admission plugin gives every pod a service account and enforces
that the one it names exists; disabling it lets pods run with unmanaged
identities.]],
  remediation = "Remove ServiceAccount from --disable-admission-plugins of kube-apiserver.",
}

check.node = flags.forbid_item("kube-apiserver", "disable-admission-plugins", "ServiceAccount",
  "pods are no longer given and held to a service account")

return check
