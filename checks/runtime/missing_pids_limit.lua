-- missing-pids-limit: a Compose service without a PIDs limit (pids_limit or
-- deploy.resources.limits.pids).
return {
  id = "RT-031",
  name = "missing-pids-limit",
  severity = "low",
  inputs = { "compose" },
  title = "No PIDs limit",
  description = [[
Without a PIDs limit a fork bomb, or a leak of threads or processes, in one
container exhausts the process table of the whole host. A limit of a few
hundred stops it inside the container.]],
  remediation = "Set pids_limit (or deploy.resources.limits.pids) on the service, e.g. pids_limit: 200.",
  frameworks = { cis_docker = "5.29" },

  run = function(doc, report)
    for svc, spath, name in compose.services(doc) do
      local lim = k8s.dig(svc, "deploy.resources.limits")
      local v = svc.pids_limit
      if v == nil and type(lim) == "table" then v = lim.pids end
      if v == nil or v == 0 or v == -1 or v == "0" or v == "-1" then
        local at = spath
        if svc.pids_limit ~= nil then at = spath .. ".pids_limit"
        elseif type(lim) == "table" and lim.pids ~= nil then at = spath .. ".deploy.resources.limits.pids" end
        report {
          path = at,
          container = name,
          resource = { kind = "service", name = name },
          message = v == nil and ("service %q has no PIDs limit"):format(name)
            or ("service %q sets an unlimited PIDs limit (%s)"):format(name, tostring(v)),
          remediation = ("In %s set:\n  pids_limit: 200"):format(spath),
        }
      end
    end
  end,
}
