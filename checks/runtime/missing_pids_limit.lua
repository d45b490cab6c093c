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
  remediation = "Set pids_limit (or deploy.resources.limits.pids) on the service, e.g. pids_limit: 200 (a few hundred suits most services). The fix sets deploy.resources.limits.pids, beside the CPU and memory limits.",
}

local unlimited = { [0] = true, [-1] = true, ["0"] = true, ["-1"] = true }

-- The fix sets deploy.resources.limits.pids, where the CPU and memory limit
-- fixes go too: Docker Compose refuses a service whose pids_limit differs
-- from deploy.resources.limits.pids, so a pids_limit already written gets the
-- same value.
local function pids_fix(svc, s)
  local fix = { k8s.edit(s.path .. ".deploy.resources.limits.pids", 200) }
  if svc.pids_limit ~= nil then fix[2] = k8s.edit(s.path .. ".pids_limit", 200) end
  return fix
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    local v, at = svc.pids_limit, s.path .. ".pids_limit"
    if v == nil then v, at = k8s.dig(svc, "deploy.resources.limits.pids"), s.path .. ".deploy.resources.limits.pids" end
    if v == nil or unlimited[v] then
      s.report {
        path = v == nil and s.path or at,
        message = v == nil and "has no PIDs limit" or ("sets an unlimited PIDs limit (%s)"):format(tostring(v)),
        remediation = k8s.set_in(s.path, "pids_limit: 200"),
        fix = pids_fix(svc, s),
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
