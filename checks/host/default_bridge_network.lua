-- default-bridge-network: the container is attached to Docker's default bridge (docker0):
-- HostConfig.NetworkMode default or bridge, or a bridge network in
-- NetworkSettings.Networks.
local check = {
  id = "RT-042", name = "default-bridge-network", severity = "low", class = "hardening",
  inputs = { "container" },
  title = "Container on the default bridge network",
  description = [[
On the default bridge every container can reach every other one (icc), name
resolution between containers is missing and traffic is not separated by
application. User-defined networks isolate each application's containers from the
rest.]],
  remediation = "Create a network per application (docker network create app-net) and start its containers with --network app-net.",
}

function check.container(doc, report)
  local mode = inspect.host(doc).NetworkMode
  local nets = type(doc.NetworkSettings) == "table" and doc.NetworkSettings.Networks
  local on_bridge = (mode == "default" or mode == "bridge") and (type(nets) ~= "table" or nets.bridge ~= nil)
  if on_bridge then
    inspect.subject(doc, report).report {
      path = "HostConfig.NetworkMode", message = ("is attached to the default bridge network docker0 (NetworkMode: %s)"):format(mode),
      remediation = "Create a user-defined network for the application (docker network create app-net) and recreate the container with --network app-net.",
    }
  end
end

return check
