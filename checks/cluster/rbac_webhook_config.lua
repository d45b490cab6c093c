-- rbac-webhook-config: Role/ClusterRole rules that let their subjects create, change or delete admission webhook configurations
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-019", name = "rbac-webhook-config", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule writes admission webhook configurations",
  description = [[
A mutating webhook sees, and may rewrite, every object sent to the API
server (Secrets included); deleting a validating webhook switches off the
policies it enforces. Write access to webhook configurations is control over
admission for the whole cluster.]],
  remediation = [=[
Remove write verbs on mutating/validatingwebhookconfigurations from the
rule; an operator that manages its own webhook should be limited to it by
name (resourceNames) and to update, and installed by a cluster administrator:
  - apiGroups: ["admissionregistration.k8s.io"]
    resources: ["validatingwebhookconfigurations"]
    verbs: ["get", "list", "watch"]]=],
}

rbac.permission_check(check, {
  grants = { { groups = { "admissionregistration.k8s.io" }, resources = { "mutatingwebhookconfigurations", "validatingwebhookconfigurations" }, verbs = { "create", "update", "patch", "delete", "deletecollection" } } },
  risk = "its subjects can create, change or delete admission webhook configurations",
  cluster_scoped = true, -- a namespaced Role cannot grant it
})

return check
