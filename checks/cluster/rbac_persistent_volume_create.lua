-- rbac-persistent-volume-create: Role/ClusterRole rules that let their subjects create PersistentVolumes
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-016", name = "rbac-persistent-volume-create", severity = "medium", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule creates PersistentVolumes",
  description = [[
A PersistentVolume can be a hostPath volume: whoever can create one and
claim it can mount any directory of a node into a pod, escaping the Pod
Security Standards that forbid hostPath in pods. Leave PersistentVolume
creation to the storage provisioners.]],
  remediation = [=[
Remove "create" on "persistentvolumes" from the rule; let users request
storage through PersistentVolumeClaims and a StorageClass:
  - apiGroups: [""]
    resources: ["persistentvolumeclaims"]
    verbs: ["get", "list", "create"]]=],
}

rbac.permission_check(check, {
  grants = { { groups = { "" }, resources = { "persistentvolumes" }, verbs = { "create" } } },
  risk = "its subjects can create PersistentVolumes",
  cluster_scoped = true, -- a namespaced Role cannot grant it
})

return check
