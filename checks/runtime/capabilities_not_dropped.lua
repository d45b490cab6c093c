-- capabilities-not-dropped: the container keeps the runtime's default
-- capability set because its drop list lacks ALL.
-- Kubernetes: securityContext.capabilities.drop (Windows pods are exempt);
-- Compose: cap_drop. Names in any case, with or without CAP_.
local function has_all(list)
  for _, c in ipairs(type(list) == "table" and list or {}) do
    if k8s.capability(c) == "ALL" then return true end
  end
  return false
end

local function check_k8s(doc, report)
  local spec = k8s.pod_spec(doc)
  if not spec or k8s.is_windows(spec) then return end
  for c, cpath in k8s.containers(doc) do
    local caps, capath = k8s.capabilities(c, cpath)
    local drop = caps and caps.drop
    if not has_all(drop) then
      local at = (drop ~= nil and capath .. ".drop") or (caps and capath) or k8s.lacking(c, cpath)
      report {
        path = at,
        container = c.name,
        message = drop ~= nil and ("container %q drops some capabilities but not ALL"):format(c.name or "?")
          or ("container %q does not drop ALL capabilities"):format(c.name or "?"),
        remediation = ("In %s set:\n  securityContext:\n    capabilities:\n      drop: [\"ALL\"]\n      add: [\"NET_BIND_SERVICE\"]   # only if it binds a port below 1024"):format(cpath),
      }
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    if not has_all(svc.cap_drop) then
      local set = svc.cap_drop ~= nil
      report {
        path = set and spath .. ".cap_drop" or spath,
        resource = { kind = "service", name = name },
        container = name,
        message = set and ("service %q drops some capabilities but not ALL"):format(name)
          or ("service %q does not drop ALL capabilities"):format(name),
        remediation = ("In %s set:\n  cap_drop:\n    - ALL\n  cap_add:          # only what the process needs, e.g.\n    - NET_BIND_SERVICE"):format(spath),
      }
    end
  end
end

return {
  id = "RT-007",
  name = "capabilities-not-dropped",
  severity = "medium",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Container does not drop all capabilities",
  description = [[
Container runtimes grant a default set of Linux capabilities (CHOWN,
DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, …) that most processes never use
and that widen what an attacker can do after a compromise. Drop ALL and add
back only what the process needs.]],
  remediation = "Kubernetes: securityContext.capabilities.drop: [\"ALL\"] on every container. Compose: cap_drop: [ALL]. Add back only the capabilities required.",
  frameworks = { cis_docker = "5.4", cis_kubernetes = "5.2.9", pss = "restricted", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if doc.kind then return check_k8s(doc, report) end
    return check_compose(doc, report)
  end,
}
