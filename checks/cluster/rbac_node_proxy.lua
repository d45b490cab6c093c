-- rbac-node-proxy: Role/ClusterRole rules that give their subjects the kubelet API through nodes/proxy
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-017", name = "rbac-node-proxy", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule grants nodes/proxy",
  description = [[
nodes/proxy reaches the kubelet API of every node through the API server:
exec into any pod on the node, read its logs and environment. Requests go
straight to the kubelet, so they escape admission control and most audit
logging.]],
  remediation = [=[
Remove "nodes/proxy" from the rule; monitoring agents should scrape
metrics through nodes/metrics or the metrics API instead:
  - apiGroups: [""]
    resources: ["nodes/metrics", "nodes/stats"]
    verbs: ["get"]]=],
}

rbac.permission_check(check, {
  grants = { { groups = { "" }, resources = { "nodes/proxy" }, verbs = nil } }, -- nil verbs: any verb
  risk = "its subjects reach the kubelet API of every node",
  cluster_scoped = true, -- a namespaced Role cannot grant it
})

return check
