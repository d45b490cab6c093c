-- capability-beyond-restricted: a container adds a capability other than
-- NET_BIND_SERVICE, the only one the Pod Security Standards (restricted)
-- allow. Windows pods are exempt. Names in any case, with or without CAP_.
local check = {
  id = "RT-009", name = "capability-beyond-restricted", severity = "low", class = "risk",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Container adds a capability the restricted profile forbids",
  description = [[
The restricted Pod Security Standard requires every container to drop ALL
capabilities and allows adding back only NET_BIND_SERVICE. A pod that adds
anything else is rejected by a namespace enforcing restricted.]],
  remediation = "Remove every capability but NET_BIND_SERVICE from securityContext.capabilities.add.",
}

function check.kubernetes(doc, report)
  for raw, n, at, ct in k8s.added_capabilities(doc, report) do
    if n and n ~= "" and n ~= "NET_BIND_SERVICE" then
      ct.report {
        path = at,
        message = ("adds capability %s; the restricted profile allows only NET_BIND_SERVICE"):format(n),
        remediation = ("Remove %s from %s.capabilities.add; restricted allows:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]"):format(tostring(raw), ct.sc),
      }
    end
  end
end

return check
