-- namespace-lifecycle-disabled: kube-apiserver lists NamespaceLifecycle in --disable-admission-plugins.
local check = {
  id = "NODE-013", name = "namespace-lifecycle-disabled", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "NamespaceLifecycle admission plugin disabled",
  description = [[
The NamespaceLifecycle admission plugin rejects objects in namespaces that do not
exist or are being deleted, and protects the system namespaces from deletion.]],
  remediation = "Remove NamespaceLifecycle from --disable-admission-plugins of kube-apiserver.",
}

check.node = flags.forbid_item("kube-apiserver", "disable-admission-plugins", "NamespaceLifecycle",
  "objects can be created in terminating or missing namespaces and system namespaces can be deleted")

return check
