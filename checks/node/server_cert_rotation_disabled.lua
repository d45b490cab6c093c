-- server-cert-rotation-disabled: the RotateKubeletServerCertificate feature gate is set to false, on
-- kube-controller-manager (--feature-gates) or in the kubelet configuration
-- (featureGates).
local check = {
  id = "NODE-030", name = "server-cert-rotation-disabled", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "Kubelet serving certificate rotation disabled",
  description = [[
With kubelet serving certificate rotation, kubelets request serving certificates
from the cluster CA and renew them before they expire; turning it off leaves
kubelets with long-lived or self-signed certificates.]],
  remediation = "Remove RotateKubeletServerCertificate=false from the feature gates (the gate is on by default).",
}

local GATE = "RotateKubeletServerCertificate"

local function controller_manager(doc, report)
  local f = flags.of(doc, "kube-controller-manager")
  if not f then return end
  for _, it in ipairs(flags.list(f, "feature-gates") or {}) do
    local name, v = it.value:match("^%s*([^=]+)=(.*)$")
    if name == GATE and flags.parse_bool(v) == false then
      flags.subject(doc, report, f.component).report {
        path = it.path, offset = it.offset, message = ("turns kubelet serving certificate rotation off (%s)"):format(it.value),
        remediation = ("Remove %s from --feature-gates (it defaults to true)."):format(it.value),
      }
    end
  end
end

check.node = flags.each(controller_manager,
  flags.want_field("KubeletConfiguration", "featureGates." .. GATE, function(v) return v ~= false end, true,
    "the kubelet does not rotate its serving certificate", "featureGates:\n  " .. GATE .. ": true"))

return check
