-- host-uts-or-userns: a Compose service shares the host's UTS namespace
-- (uts: host) or opts out of user-namespace remapping (userns_mode: host).
local keys = {
  { key = "uts", what = "the host UTS namespace: it can change the host's hostname and domain name" },
  { key = "userns_mode", what = "the host user namespace: root in the container is root on the host even when the daemon remaps users" },
}

return {
  id = "RT-013",
  name = "host-uts-or-userns",
  severity = "medium",
  inputs = { "compose" },
  title = "Service shares the host UTS or user namespace",
  description = [[
uts: host lets the container see and change the host's hostname; userns_mode:
host disables the daemon's user-namespace remapping (userns-remap) for the
container, so uid 0 inside is uid 0 on the host. Both remove a layer of
isolation that ordinary services never need.]],
  remediation = "Delete uts: host and userns_mode: host from the service.",
  frameworks = { cis_docker = { "5.21", "5.31" } },

  run = function(doc, report)
    for svc, spath, name in compose.services(doc) do
      for _, k in ipairs(keys) do
        local v = svc[k.key]
        if type(v) == "string" and v:lower() == "host" then
          report {
            path = spath .. "." .. k.key,
            resource = { kind = "service", name = name },
            container = name,
            message = ("service %q sets %s: host and shares %s"):format(name, k.key, k.what),
            remediation = ("Delete %s.%s so the service keeps its own namespace."):format(spath, k.key),
          }
        end
      end
    end
  end,
}
