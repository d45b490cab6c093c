-- node-restriction-missing: kube-apiserver does not enable the NodeRestriction admission plugin.
local check = {
  id = "NODE-014", name = "node-restriction-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "NodeRestriction admission plugin not enabled",
  description = [[
NodeRestriction limits the Node and Pod objects a kubelet may modify to its own;
without it a compromised node can relabel other nodes and attract workloads.]],
  remediation = "Add NodeRestriction to --enable-admission-plugins of kube-apiserver.",
}

check.node = flags.want_item("kube-apiserver", "enable-admission-plugins", "NodeRestriction", nil,
  "a kubelet may modify other nodes' Node and Pod objects", "--enable-admission-plugins=NodeRestriction")

return check
