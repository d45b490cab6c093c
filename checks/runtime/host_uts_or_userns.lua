-- host-uts-or-userns: a Compose service shares the host's UTS namespace
-- (uts: host) or opts out of user-namespace remapping (userns_mode: host).
local check = {
  id = "RT-013", name = "host-uts-or-userns", severity = "medium", class = "risk",
  inputs = { "compose", "container" },
  title = "Service shares the host UTS or user namespace",
  description = [[
uts: host lets the container see and change the host's hostname; userns_mode:
host disables the daemon's user-namespace remapping (userns-remap) for the
container, so uid 0 inside is uid 0 on the host. Both remove a layer of
isolation that ordinary services never need.]],
  remediation = "Delete uts: host and userns_mode: host from the service.",
}

local keys = {
  { key = "uts", what = "the host UTS namespace: it can change the host's hostname and domain name" },
  { key = "userns_mode", what = "the host user namespace: root in the container is root on the host even when the daemon remaps users" },
}

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    for _, k in ipairs(keys) do
      if compose.is_host(svc[k.key]) then
        s.report {
          path = s.path .. "." .. k.key,
          message = ("sets %s: host and shares %s"):format(k.key, k.what),
          remediation = ("Delete %s.%s so the service keeps its own namespace."):format(s.path, k.key),
        }
      end
    end
  end
end

-- Running container: HostConfig.UTSMode / UsernsMode host.
local container_uts = inspect.host_namespace("UTSMode", "UTS", "--uts")
local container_userns = inspect.host_namespace("UsernsMode", "user", "--userns")
function check.container(doc, report)
  container_uts(doc, report)
  container_userns(doc, report)
end

return check
