-- rbac-create-pods: Role/ClusterRole rules that let their subjects create pods, directly or through a workload controller
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-011", name = "rbac-create-pods", severity = "medium", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule creates pods or workload controllers",
  description = [[
Whoever can create a pod (or a Deployment, Job, DaemonSet… that creates
one) can run it as any ServiceAccount of the namespace, mount any Secret or
ConfigMap of the namespace, and, unless admission forbids it, run it
privileged on a node: creating pods is a path to every permission in the
namespace and often to the node.]],
  remediation = [=[
Grant create on pods and workload controllers only to deployment
automation, in the namespaces it manages; remove "create" (or the resource)
from this rule:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch"]]=],
}

rbac.permission_check(check, {
  grants = {
    { groups = { "" }, resources = { "pods", "replicationcontrollers" }, verbs = { "create" } },
    { groups = { "apps", "extensions" }, resources = { "deployments", "daemonsets", "replicasets", "statefulsets" }, verbs = { "create" } },
    { groups = { "batch" }, resources = { "jobs", "cronjobs" }, verbs = { "create" } },
  },
  risk = "its subjects can create pods, directly or through a workload controller",
})

return check
