-- capability-beyond-restricted: a container adds a capability other than
-- NET_BIND_SERVICE, the only one the Pod Security Standards (restricted)
-- allow. Windows pods are exempt. Names in any case, with or without CAP_.
return {
  id = "RT-009",
  name = "capability-beyond-restricted",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Container adds a capability the restricted profile forbids",
  description = [[
The restricted Pod Security Standard requires every container to drop ALL
capabilities and allows adding back only NET_BIND_SERVICE. A pod that adds
anything else is rejected by a namespace enforcing restricted.]],
  remediation = "Remove every capability but NET_BIND_SERVICE from securityContext.capabilities.add.",
  frameworks = { cis_docker = "5.4", cis_kubernetes = "5.2.9", pss = "restricted" },

  run = function(doc, report)
    local spec = k8s.pod_spec(doc)
    if not spec or k8s.is_windows(spec) then return end
    for c, cpath in k8s.containers(doc) do
      local caps, capath = k8s.capabilities(c, cpath)
      local add = caps and caps.add
      for i, raw in ipairs(type(add) == "table" and add or {}) do
        local n = k8s.capability(raw)
        if n and n ~= "" and n ~= "NET_BIND_SERVICE" then
          report {
            path = ("%s.add[%d]"):format(capath, i - 1),
            container = c.name,
            message = ("container %q adds capability %s; the restricted profile allows only NET_BIND_SERVICE"):format(c.name or "?", n),
            remediation = ("Remove %s from %s.add; restricted allows:\n  capabilities:\n    drop: [\"ALL\"]\n    add: [\"NET_BIND_SERVICE\"]"):format(tostring(raw), capath),
          }
        end
      end
    end
  end,
}
