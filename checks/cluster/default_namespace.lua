-- default-namespace: a resource explicitly placed in the `default` namespace.
-- Only an explicit `metadata.namespace: default` is flagged: a manifest without
-- a namespace is applied wherever its user points it (docs/kubernetes.md).
local check = {
  id = "K8S-004", name = "default-namespace", severity = "low", class = "hardening",
  inputs = { "kubernetes" },
  title = "Resource in the default namespace",
  description = [[
The default namespace is where everything lands that was not given a place:
workloads there share one set of RBAC bindings, NetworkPolicies, quotas and
Pod Security settings with whatever else was deployed carelessly. Give each
application its own namespace so that those boundaries apply to it alone.]],
  remediation = "Set metadata.namespace to a namespace dedicated to the application (and create that Namespace).",
}

function check.kubernetes(doc, report)
  if selectors.metadata(doc).namespace == "default" then
    report {
      path = "metadata.namespace",
      message = ("%s is placed in the default namespace"):format(k8s.describe(doc)),
      remediation = ("Set metadata.namespace of %s to the application's own namespace:\n  metadata:\n    namespace: <app-namespace>"):format(k8s.describe(doc)),
    }
  end
end

return check
