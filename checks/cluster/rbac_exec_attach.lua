-- rbac-exec-attach: Role/ClusterRole rules that let their subjects run commands in, or attach to, running containers
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-012", name = "rbac-exec-attach", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule allows exec or attach into pods",
  description = [[
pods/exec and pods/attach give a shell in any container of the scope: its
files, its mounted Secrets and service account token, its network position.
It bypasses everything the image and the pod spec restrict at deploy time.]],
  remediation = [=[
Remove "pods/exec" and "pods/attach" from the rule; grant them only to
break-glass operators, in a separate Role bound for the time needed:
  - apiGroups: [""]
    resources: ["pods", "pods/log"]
    verbs: ["get", "list", "watch"]]=],
}

rbac.permission_check(check, {
  grants = { { groups = { "" }, resources = { "pods/exec", "pods/attach" }, verbs = { "create", "get" } } },
  risk = "its subjects can run commands in, or attach to, running containers",
})

return check
