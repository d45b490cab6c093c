-- node-authorizer-missing: kube-apiserver's --authorization-mode lacks Node.
local check = {
  id = "NODE-007", name = "node-authorizer-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "Node authorizer not enabled",
  description = [[
The Node authorizer limits each kubelet to the objects of the pods scheduled on
its node. Without it (and NodeRestriction), a compromised node's credentials read
every Secret and modify other nodes.]],
  remediation = "Set --authorization-mode=Node,RBAC on kube-apiserver.",
}

check.node = flags.want_item("kube-apiserver", "authorization-mode", "Node", nil,
  "kubelets are not limited to the objects of their own node", "--authorization-mode=Node,RBAC")

return check
