-- container-network-mode: a service or container joins another container's
-- network namespace. Compose: network_mode: "container:<name or id>";
-- running container: HostConfig.NetworkMode "container:<id>". Compose's
-- "service:<name>" (a service of the same project, recreated with it) is not
-- reported.
local check = {
  id = "RT-044", name = "container-network-mode", severity = "medium", class = "risk",
  inputs = { "compose", "container" },
  title = "Container joins another container's network namespace",
  description = [[
network_mode: container:<id> puts the service into the network namespace of a
container outside the project: it sees that container's interfaces and
localhost services (admin ports, debug endpoints, sidecar proxies), and
shares its firewall and DNS. The other container's lifecycle is not managed
with the service's, so the dependency is hidden and breaks on its restart.]],
  remediation = "Give the service its own network (a user-defined network shared with the containers it must reach), or use network_mode: service:<name> for a container of the same project.",
}

local function joined(v)
  return type(v) == "string" and v:match("^%s*container:(.*)$")
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    local other = joined(svc.network_mode)
    if other then
      s.report {
        path = s.path .. ".network_mode",
        message = ("joins the network namespace of container %s (network_mode: container:%s)"):format(other, other),
        remediation = ("Replace %s.network_mode with networks: [<a user-defined network>] shared with %s, or with network_mode: service:<name> when that container is a service of this project."):format(s.path, other),
      }
    end
  end
end

function check.container(doc, report)
  local s = inspect.subject(doc, report)
  local other = joined(inspect.host(doc).NetworkMode)
  if other then
    s.report {
      path = "HostConfig.NetworkMode",
      message = ("joins the network namespace of container %s"):format(other),
      remediation = "Recreate the container on a user-defined network (docker network create; --network <name>) instead of --network container:<id>.",
    }
  end
end

return check
