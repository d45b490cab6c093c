-- missing-memory-limit: a container without a memory limit. Kubernetes:
-- resources.limits.memory on every regular and init container (ephemeral
-- containers cannot have resources). Compose: mem_limit or
-- deploy.resources.limits.memory.
local function lacking_at(t, base, keys)
  local at = base
  for _, k in ipairs(keys) do
    if type(t) ~= "table" or type(t[k]) ~= "table" then break end
    t, at = t[k], at .. "." .. k
  end
  return at
end

local function check_k8s(doc, report)
  for c, cpath, list in k8s.containers(doc) do
    if list ~= "ephemeralContainers" then
      local lim = type(c.resources) == "table" and type(c.resources.limits) == "table" and c.resources.limits or nil
      if not lim or lim.memory == nil then
        report {
          path = lacking_at(c, cpath, { "resources", "limits" }),
          container = c.name,
          message = ("container %q has no memory limit"):format(c.name or "?"),
          remediation = ("In %s set:\n  resources:\n    limits:\n      memory: 256Mi   # the working set plus headroom\n    requests:\n      memory: 256Mi"):format(cpath),
        }
      end
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local lim = k8s.dig(svc, "deploy.resources.limits")
    if svc.mem_limit == nil and not (type(lim) == "table" and lim.memory ~= nil) then
      report {
        path = lacking_at(svc, spath, { "deploy", "resources", "limits" }),
        container = name,
        resource = { kind = "service", name = name },
        message = ("service %q has no memory limit"):format(name),
        remediation = ("In %s set:\n  deploy:\n    resources:\n      limits:\n        memory: 256M\n(or mem_limit: 256m)"):format(spath),
      }
    end
  end
end

return {
  id = "RT-028",
  name = "missing-memory-limit",
  severity = "medium",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "No memory limit",
  description = [[
A container without a memory limit can use all the memory of its node: a leak
or a hostile input then drives the node into the kernel OOM killer, which takes
other workloads down with it. A limit confines the damage to the container.]],
  remediation = "Set a memory limit: resources.limits.memory (Kubernetes), deploy.resources.limits.memory or mem_limit (Compose).",
  frameworks = { cis_docker = "5.11", nsa_cisa = "Resource policies" },

  run = function(doc, report)
    if doc.services then return check_compose(doc, report) end
    return check_k8s(doc, report)
  end,
}
