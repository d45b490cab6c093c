-- missing-pids-limit: a Compose service without a PIDs limit (pids_limit or
-- deploy.resources.limits.pids).
local check = {
  id = "RT-031", name = "missing-pids-limit", severity = "low", class = "hardening",
  inputs = { "compose", "container" },
  title = "No PIDs limit",
  description = [[
Without a PIDs limit a fork bomb, or a leak of threads or processes, in one
container exhausts the process table of the whole host. A limit of a few
hundred stops it inside the container.]],
  remediation = "Set pids_limit (or deploy.resources.limits.pids) on the service, e.g. pids_limit: 200.",
}

local unlimited = { [0] = true, [-1] = true, ["0"] = true, ["-1"] = true }

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    local v, at = svc.pids_limit, s.path .. ".pids_limit"
    if v == nil then v, at = k8s.dig(svc, "deploy.resources.limits.pids"), s.path .. ".deploy.resources.limits.pids" end
    if v == nil or unlimited[v] then
      s.report {
        path = v == nil and s.path or at,
        message = v == nil and "has no PIDs limit" or ("sets an unlimited PIDs limit (%s)"):format(tostring(v)),
        remediation = k8s.set_in(s.path, "pids_limit: 200"),
      }
    end
  end
end

-- Running container: HostConfig.PidsLimit null, 0 or -1 (Docker's default is
-- none; Podman's is 2048).
function check.container(doc, report)
  local v = inspect.host(doc).PidsLimit
  if v == nil or unlimited[v] then
    inspect.subject(doc, report).report {
      path = inspect.host_path(doc, "PidsLimit"),
      message = v == nil and "has no PIDs limit" or ("has an unlimited PIDs limit (%s)"):format(tostring(v)),
      remediation = "Recreate the container with --pids-limit 200 (or docker update --pids-limit 200 it).",
    }
  end
end

return check
