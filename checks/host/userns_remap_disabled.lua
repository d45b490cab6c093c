-- userns-remap-disabled: daemon.json does not set "userns-remap": root in a container is root
-- on the host.
local check = {
  id = "DMN-008", name = "userns-remap-disabled", severity = "medium", class = "hardening",
  inputs = { "daemon" },
  title = "User namespace remapping not enabled",
  description = [[
With user namespace remapping, uid 0 in a container maps to an unprivileged uid
range on the host, so a process that escapes the container holds no privilege
there. Without it, container root is host root.]],
  remediation = "Set \"userns-remap\": \"default\" in daemon.json (Docker creates the dockremap user and its /etc/subuid, /etc/subgid ranges).",
}

function check.daemon(doc, report)
  local v, at, set = daemon.get(doc, "userns-remap")
  if not set or v == "" then
    report {
      path = at, message = 'does not remap user namespaces ("userns-remap" unset): root in a container is root on the host',
      remediation = daemon.set("userns-remap", '"default"', "Existing containers and images are not visible under the remapped root: plan the switch."),
    }
  end
end

return check
