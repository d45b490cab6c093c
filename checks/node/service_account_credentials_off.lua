-- service-account-credentials-off: kube-controller-manager does not set --use-service-account-credentials=true.
local check = {
  id = "NODE-028", name = "service-account-credentials-off", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "Controllers share one service account",
  description = [[
Without per-controller service accounts, every controller runs with the controller
manager's own, very broad credentials; with them, each controller gets only the
RBAC role it needs.]],
  remediation = "Set --use-service-account-credentials=true on kube-controller-manager.",
}

check.node = flags.want_bool("kube-controller-manager", "use-service-account-credentials", true, false,
  "every controller runs with the controller manager's broad credentials")

return check
