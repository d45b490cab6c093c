-- rbac-cluster-admin-binding: a RoleBinding or ClusterRoleBinding whose roleRef
-- is the cluster-admin ClusterRole (by name, whether or not the scan defines it).
local check = {
  id = "K8S-014", name = "rbac-cluster-admin-binding", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "RoleBinding", "ClusterRoleBinding" },
  title = "Binding to cluster-admin",
  description = [[
cluster-admin is every verb on every resource. Bound cluster-wide it is
complete control of the cluster; even through a RoleBinding it is complete
control of the namespace, its Secrets and RBAC included. Applications and
most people need far less.]],
  remediation = [[
Bind a role that lists only what the subjects need:
  roleRef:
    apiGroup: rbac.authorization.k8s.io
    kind: Role            # or a narrow ClusterRole
    name: <app-role>]],
}

function check.kubernetes(doc, report)
  local ref = rbac.role_ref(doc)
  if ref.name == "cluster-admin" and (ref.kind == nil or ref.kind == "ClusterRole") then
    local scope = doc.kind == "ClusterRoleBinding" and "the whole cluster"
      or ("namespace %s"):format(selectors.metadata(doc).namespace or "it is applied to")
    local subjects = rbac.describe_subjects(doc)
    report {
      path = "roleRef.name",
      message = ("%s grants cluster-admin over %s to %s"):format(k8s.describe(doc), scope, subjects),
      remediation = ("In %s replace roleRef cluster-admin with a role listing only what %s needs:\n  roleRef:\n    apiGroup: rbac.authorization.k8s.io\n    kind: Role\n    name: <app-role>"):format(
        k8s.describe(doc), subjects),
    }
  end
end

return check
