-- deny-service-external-ips-missing: kube-apiserver does not enable the DenyServiceExternalIPs admission plugin.
local check = {
  id = "NODE-003", name = "deny-service-external-ips-missing", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "DenyServiceExternalIPs admission plugin not enabled",
  description = [[
Without the DenyServiceExternalIPs admission plugin, whoever can create or update
a Service can set spec.externalIPs and have the cluster route traffic meant for
that address to their pods (CVE-2020-8554).]],
  remediation = "Add DenyServiceExternalIPs to --enable-admission-plugins of kube-apiserver.",
}

check.node = flags.want_item("kube-apiserver", "enable-admission-plugins", "DenyServiceExternalIPs", nil,
  "any user who may create Services can set externalIPs and intercept traffic (CVE-2020-8554)", "--enable-admission-plugins=NodeRestriction,DenyServiceExternalIPs")

return check
