-- rbac-privilege-escalation: Role/ClusterRole rules that let their subjects grant themselves more rights (bind, escalate or impersonate)
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-013", name = "rbac-privilege-escalation", severity = "critical", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule allows bind, escalate or impersonate",
  description = [[
The escalate verb lets a subject write roles with permissions it does not
hold, bind lets it bind roles it does not hold, and impersonate lets it act as
any user, group or ServiceAccount. Each defeats RBAC's escalation prevention
and leads to cluster-admin.]],
  remediation = [=[
Remove the bind, escalate and impersonate verbs (and "*") from the rule;
to let a subject manage RBAC, grant create/update on roles and rolebindings
only, so the API server checks that it already holds what it grants:
  - apiGroups: ["rbac.authorization.k8s.io"]
    resources: ["roles", "rolebindings"]
    verbs: ["get", "list", "create", "update"]]=],
}

rbac.permission_check(check, {
  grants = {
    { groups = { "rbac.authorization.k8s.io" }, resources = { "roles", "clusterroles" }, verbs = { "bind", "escalate" } },
    { groups = { "" }, resources = { "users", "groups", "serviceaccounts" }, verbs = { "impersonate" } },
    { groups = { "authentication.k8s.io" }, resources = { "uids", "userextras/scopes" }, verbs = { "impersonate" } },
  },
  risk = "its subjects can grant themselves more rights (bind, escalate or impersonate)",
})

return check
