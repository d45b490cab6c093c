-- rbac-authorizer-missing: kube-apiserver's --authorization-mode lacks RBAC.
local check = {
  id = "NODE-008", name = "rbac-authorizer-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "RBAC authorizer not enabled",
  description = [[
Without the RBAC authorizer, Roles and RoleBindings have no effect: access is
decided by whatever other modes are configured, usually too broadly.]],
  remediation = "Set --authorization-mode=Node,RBAC on kube-apiserver.",
}

check.node = flags.want_item("kube-apiserver", "authorization-mode", "RBAC", nil,
  "Roles and RoleBindings are not enforced", "--authorization-mode=Node,RBAC")

return check
