-- rbac-secrets-access: Role/ClusterRole rules that let their subjects read Secrets
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-010", name = "rbac-secrets-access", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule reads Secrets",
  description = [[
Read access to Secrets (get, and list or watch which return whole objects)
hands out every credential stored in the namespace, or the cluster for a
ClusterRole: service account tokens, registry credentials, TLS keys, database
passwords. Very few controllers need it; workloads should mount the one Secret
they use instead.]],
  remediation = [=[
Remove "secrets" from the rule and mount the Secret into the pods that use
it instead of reading it through the API:
  volumes:
  - name: creds
    secret:
      secretName: <the-one-secret>
A controller that must read Secrets belongs in a Role of its own namespace,
bound to its ServiceAccount only (resourceNames narrow it, but the subject
still reads those credentials: suppress the finding with a reason).]=],
}

rbac.permission_check(check, {
  grants = { { groups = { "" }, resources = { "secrets" }, verbs = { "get", "list", "watch" } } },
  risk = "its subjects can read Secrets",
})

return check
