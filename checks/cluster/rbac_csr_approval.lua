-- rbac-csr-approval: Role/ClusterRole rules that let their subjects approve certificate signing requests
-- (evaluated as the Kubernetes authorizer does: see checks/lib/rbac.lua), and
-- bindings to built-in ClusterRoles that grant it.
local check = {
  id = "K8S-018", name = "rbac-csr-approval", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule approves certificate signing requests",
  description = [[
Approving a CertificateSigningRequest issues a client certificate signed
by the cluster CA: for a system:masters subject, or a node, it is a
credential the API server trusts until it expires and cannot revoke.]],
  remediation = [=[
Remove update/patch on "certificatesigningrequests/approval" from the rule;
leave approval to the controller manager (kubelet CSRs) or a dedicated
approver restricted to its signer:
  - apiGroups: ["certificates.k8s.io"]
    resources: ["certificatesigningrequests"]
    verbs: ["get", "list", "watch"]]=],
}

rbac.permission_check(check, {
  grants = { { groups = { "certificates.k8s.io" }, resources = { "certificatesigningrequests/approval" }, verbs = { "update", "patch" } } },
  risk = "its subjects can approve certificate signing requests",
  cluster_scoped = true, -- a namespaced Role cannot grant it
})

return check
