-- rbac-token-create: Role/ClusterRole rules that let their subjects mint tokens for ServiceAccounts
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-020", name = "rbac-token-create", severity = "medium", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule creates service account tokens",
  description = [[
create on serviceaccounts/token (the TokenRequest API) mints a token for
any ServiceAccount of the scope, with that account's permissions and a
lifetime the caller chooses: it is impersonation of every ServiceAccount
covered by the rule.]],
  remediation = [=[
Remove "serviceaccounts/token" from the rule; pods get their own token
from the kubelet through a projected volume, which needs no RBAC:
  volumes:
  - name: token
    projected:
      sources:
      - serviceAccountToken:
          path: token
          expirationSeconds: 3600
          audience: <audience>]=],
}

rbac.permission_check(check, {
  grants = { { groups = { "" }, resources = { "serviceaccounts/token" }, verbs = { "create" } } },
  risk = "its subjects can mint tokens for ServiceAccounts",
})

return check
