-- ulimit-override: the container was started with --ulimit, overriding the daemon's
-- default ulimits. Docker: HostConfig.Ulimits; Podman lists its defaults
-- there too, so only a --ulimit in Config.CreateCommand counts.
local check = {
  id = "RT-040", name = "ulimit-override", severity = "info", class = "risk",
  inputs = { "container" },
  title = "Container overrides the default ulimits",
  description = [[
Default ulimits set on the daemon bound what one container may consume (open
files, processes). A container started with its own --ulimit escapes that bound;
do it only for a workload that needs it, and review the value.]],
  remediation = "Remove --ulimit from the container's run command so the daemon's default-ulimits apply, unless the workload needs the raised limit.",
}

-- Podman records its default ulimits in HostConfig.Ulimits; what the user
-- asked for is in the command that created the container.
local function podman_ulimit(cfg)
  for i, w in ipairs(type(cfg.CreateCommand) == "table" and cfg.CreateCommand or {}) do
    if w == "--ulimit" or tostring(w):match("^%-%-ulimit=") then return i end
  end
  return nil
end

function check.container(doc, report)
  local cfg = inspect.config(doc)
  local s = inspect.subject(doc, report)
  if type(cfg.CreateCommand) == "table" then
    local i = podman_ulimit(cfg)
    if i then
      s.report { path = ("Config.CreateCommand[%d]"):format(i - 1), message = "overrides the default ulimits (--ulimit)",
                 remediation = "Recreate the container without --ulimit so the defaults of containers.conf apply, unless the workload needs the raised limit." }
    end
    return
  end
  for u, at in k8s.list(inspect.host(doc), "Ulimits", "HostConfig") do
    if type(u) == "table" then
      s.report {
        path = at, message = ("overrides the default ulimit %s (soft %s, hard %s)"):format(tostring(u.Name or "?"), tostring(u.Soft or "?"), tostring(u.Hard or "?")),
        remediation = ("Recreate the container without --ulimit %s so the daemon's default-ulimits apply, unless the workload needs the raised limit."):format(tostring(u.Name or "")),
      }
    end
  end
end

return check
