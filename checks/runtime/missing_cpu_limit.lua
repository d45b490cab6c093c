-- missing-cpu-limit: a container without a CPU limit. Kubernetes:
-- resources.limits.cpu on every regular and init container (ephemeral
-- containers cannot have resources). Compose: cpus, cpu_quota, cpu_shares
-- or deploy.resources.limits.cpus.
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
      if not lim or lim.cpu == nil then
        report {
          path = lacking_at(c, cpath, { "resources", "limits" }),
          container = c.name,
          message = ("container %q has no CPU limit"):format(c.name or "?"),
          remediation = ("In %s set:\n  resources:\n    limits:\n      cpu: 500m\n    requests:\n      cpu: 100m"):format(cpath),
        }
      end
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local lim = k8s.dig(svc, "deploy.resources.limits")
    if svc.cpus == nil and svc.cpu_quota == nil and svc.cpu_shares == nil
        and not (type(lim) == "table" and lim.cpus ~= nil) then
      report {
        path = lacking_at(svc, spath, { "deploy", "resources", "limits" }),
        container = name,
        resource = { kind = "service", name = name },
        message = ("service %q has no CPU limit"):format(name),
        remediation = ("In %s set:\n  deploy:\n    resources:\n      limits:\n        cpus: \"0.50\"\n(or cpus: 0.5)"):format(spath),
      }
    end
  end
end

return {
  id = "RT-029",
  name = "missing-cpu-limit",
  severity = "low",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "No CPU limit",
  description = [[
A container without a CPU limit (or share) can take every core of its host when
it spins or is driven hard, starving the other containers there. A limit
confines a runaway or attacked process to its share.]],
  remediation = "Set a CPU limit: resources.limits.cpu (Kubernetes), deploy.resources.limits.cpus or cpus (Compose).",
  frameworks = { cis_docker = "5.12", nsa_cisa = "Resource policies" },

  run = function(doc, report)
    if doc.services then return check_compose(doc, report) end
    return check_k8s(doc, report)
  end,
}
