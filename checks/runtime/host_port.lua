-- host-port: a port opened on the host.
-- Kubernetes: a container port with a non-zero hostPort (PSS baseline).
-- Compose: a published port without a host IP (or 0.0.0.0 / ::), which the
-- daemon binds on every interface of the host, firewall rules bypassed.
local check = {
  id = "RT-017", name = "host-port", severity = "medium", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Port opened on the host",
  description = [[
A Kubernetes hostPort opens the port on the node itself, bypassing Services and
most NetworkPolicy implementations, and pins the pod to nodes where the port is
free. A Compose port published without a host IP is bound on every interface of
the host, and Docker's iptables rules let it past the host firewall.]],
  remediation = "Kubernetes: remove hostPort and use a Service. Compose: publish on one interface (\"127.0.0.1:8080:80\") or not at all.",
}

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do
    for p, at in k8s.list(c, "ports", ct.path) do
      if type(p) == "table" and p.hostPort ~= nil and p.hostPort ~= 0 and p.hostPort ~= "0" then
        ct.report {
          path = at .. ".hostPort", message = ("opens host port %s"):format(tostring(p.hostPort)),
          remediation = ("Remove hostPort from %s and expose the port through a Service (ClusterIP, NodePort or LoadBalancer) instead."):format(at),
        }
      end
    end
  end
end

local any_ip = { ["0.0.0.0"] = true, ["::"] = true, [""] = true }

function check.compose(doc, report)
  for p, s in compose.each_port(doc, report) do
    if p.host_ip == nil or any_ip[p.host_ip] then
      local host = p.published and ("host port " .. p.published) or "a random host port"
      s.report {
        path = p.path,
        message = ("publishes container port %s on %s of every host interface"):format(tostring(p.target or "?"), host),
        remediation = ("Bind the port to one interface in %s, e.g. \"127.0.0.1:%s:%s\" (long syntax: host_ip: 127.0.0.1), or remove it and reach the service over a Compose network."):format(p.path, p.published or "", tostring(p.target or "")),
      }
    end
  end
end

-- Running container: HostConfig.PortBindings without a host IP (or 0.0.0.0,
-- ::), and -P (PublishAllPorts), which publishes every exposed port so.
function check.container(doc, report)
  local s = inspect.subject(doc, report)
  for _, p in ipairs(inspect.published(doc)) do
    if inspect.any_ip(p.host_ip) then
      s.report {
        path = p.path,
        message = ("publishes container port %s on %s of every host interface"):format(p.port,
          p.host_port and p.host_port ~= "" and "host port " .. p.host_port or "a random host port"),
        remediation = ("Recreate the container publishing the port on one interface: -p 127.0.0.1:%s:%s (or the address of the interface that must serve it)."):format(
          p.host_port or "", (p.port:gsub("/tcp$", ""))),
      }
    end
  end
  if inspect.host(doc).PublishAllPorts == true then
    s.report {
      path = "HostConfig.PublishAllPorts", message = "publishes every exposed port on every host interface (-P)",
      remediation = "Recreate the container without -P; publish only the ports it serves, on one interface (-p 127.0.0.1:8080:8080).",
    }
  end
end

return check
