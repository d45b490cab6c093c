-- privileged-port-published: a container port is published on a host port below 1024 (HostConfig.PortBindings).
local check = {
  id = "RT-039", name = "privileged-port-published", severity = "low", class = "risk",
  inputs = { "container" },
  title = "Privileged host port published",
  description = [[
Ports below 1024 are the ones the host's own services use (SSH, DNS, HTTP, SMTP…)
and that clients trust to belong to the host. Publishing a container on one puts
it in that place and usually means the daemon lowered its guard for it.]],
  remediation = "Publish on a host port of 1024 or above (-p 8443:443) and put a load balancer or the host's own proxy in front if the well-known port is needed.",
}

function check.container(doc, report)
  for _, p in ipairs(inspect.published(doc)) do
    local n = tonumber(p.host_port)
    if n and n > 0 and n < 1024 then
      inspect.subject(doc, report).report {
        path = p.binding .. ".HostPort", message = ("publishes container port %s on privileged host port %d"):format(p.port, n),
        remediation = ("Recreate the container with a host port of 1024 or above (-p %d:%s) and forward the well-known port at a load balancer if clients need it."):format(
          8000 + n, (p.port:gsub("/tcp$", ""))),
      }
    end
  end
end

return check
