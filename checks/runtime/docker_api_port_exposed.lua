-- docker-api-port-exposed: the Docker Engine API port (2375 plain, 2376 TLS)
-- published on every interface. Compose: a port whose container (target)
-- port is 2375 or 2376, published without a host IP (or 0.0.0.0, ::).
-- Kubernetes: containerPort 2375/2376 with a hostPort, or on a pod with
-- hostNetwork. Running container: a PortBindings entry of 2375/2376 on every
-- interface. Dockerfile and image config: EXPOSE / ExposedPorts of 2375 when
-- the image also serves the API without TLS (DOCKER_TLS_CERTDIR set empty, or
-- dockerd told to listen on tcp://0.0.0.0:2375): whoever runs it with -P
-- publishes an unauthenticated API. An image that only declares the ports
-- (docker:dind declares 2375 and 2376 and serves TLS by default) is judged
-- where it is published.
local check = {
  id = "RT-043", name = "docker-api-port-exposed", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "dockerfile", "image", "archive", "container" }, kinds = "workloads",
  title = "Docker API port published on all interfaces",
  description = [[
The Docker Engine API on 2375 (no TLS, no authentication) or 2376 (TLS) lets
whoever reaches it start a privileged container with the host's filesystem
mounted: it is root on the host. Published on every interface, it is reachable
from the network; scanners look for open 2375 ports and take such hosts over
within minutes.]],
  remediation = "Do not publish the Docker API: talk to it over its Unix socket, or publish it on 127.0.0.1 only, with TLS client certificates (tlsverify) on 2376.",
}

local function api_port(p)
  return runtime.has_port(p, 2375) and "2375" or runtime.has_port(p, 2376) and "2376" or nil
end

local function any_ip(ip)
  return ip == nil or ip == "" or ip == "0.0.0.0" or ip == "::" or ip == "[::]"
end

function check.compose(doc, report)
  for p, s in compose.each_port(doc, report) do
    local port = api_port(p.target)
    if port and any_ip(p.host_ip) then
      s.report {
        path = p.path,
        message = ("publishes the Docker API port %s on every interface (host port %s)"):format(port, tostring(p.published or "random")),
        remediation = ('In %s bind it to the loopback interface ("127.0.0.1:%s:%s") with TLS client certificates, or remove it and use the Docker socket.'):format(
          p.path, tostring(p.published or port), port),
      }
    end
  end
end

function check.kubernetes(doc, report)
  local spec = k8s.pod_spec(doc)
  local host_net = type(spec) == "table" and spec.hostNetwork == true
  for c, ct in k8s.each_container(doc, report) do
    for p, at in k8s.list(c, "ports", ct.path) do
      local port = type(p) == "table" and api_port(p.containerPort)
      if port and (p.hostPort ~= nil or host_net) then
        ct.report {
          path = p.hostPort ~= nil and at .. ".hostPort" or at .. ".containerPort",
          message = p.hostPort ~= nil and ("publishes the Docker API port %s on host port %s of the node"):format(port, tostring(p.hostPort))
            or ("serves the Docker API port %s on the node's network (hostNetwork)"):format(port),
          remediation = ("Remove the host port (and hostNetwork) from %s: reach the daemon through a Service inside the cluster, with TLS client certificates."):format(at),
        }
      end
    end
  end
end

-- dockerd listening on every interface without TLS, in a command line.
local function plain_listen(cmd)
  return type(cmd) == "string" and (cmd:find("tcp://0%.0%.0%.0:2375") or cmd:find("tcp://:2375")) ~= nil
end

-- Does the Dockerfile serve the API without TLS?
local function dockerfile_plain(doc)
  for v in env.dockerfile(doc) do
    if v.name == "DOCKER_TLS_CERTDIR" and v.cmd == "ENV" and (v.value == "" or v.value == '""') then return true end
  end
  for i in ipairs(doc.stages) do
    for _, cmd in ipairs({ "CMD", "ENTRYPOINT", "RUN" }) do
      for ins in docker.each(doc, i, cmd) do
        if plain_listen(ins.args) then return true end
      end
    end
  end
  return false
end

function check.dockerfile(doc, report)
  if not dockerfile_plain(doc) then return end
  for i, st in ipairs(doc.stages) do
    for ins, path in docker.each(doc, i, "EXPOSE") do
      for _, port in ipairs(docker.ports(ins)) do
        if runtime.has_port(port.text, 2375) then
          report {
            path = path .. ".args", offset = port.offset, container = st.name,
            message = ("EXPOSE %s declares the Docker API's plain-text port (no TLS, no authentication)"):format(port.text),
            remediation = ("Remove %s from the EXPOSE on line %d; serve the API on 2376 with tlsverify, or only on the Unix socket."):format(port.text, ins.line or 0),
          }
        end
      end
    end
  end
end

-- Does the image config serve the API without TLS?
local function image_plain(doc)
  for _, kv in ipairs(type(doc.config.Env) == "table" and doc.config.Env or {}) do
    if kv == "DOCKER_TLS_CERTDIR=" then return true end
  end
  for _, key in ipairs({ "Cmd", "Entrypoint" }) do
    local v = doc.config[key]
    if type(v) == "table" then
      local words = {}
      for _, w in ipairs(v) do words[#words + 1] = tostring(w) end
      v = table.concat(words, " ")
    end
    if plain_listen(v) then return true end
  end
  return false
end

function check.image(doc, report)
  if type(doc.config) ~= "table" or not image_plain(doc) then return end
  local ports = doc.config.ExposedPorts
  for _, p in ipairs(k8s.sorted_keys(ports)) do
    if runtime.has_port(p, 2375) then
      report {
        path = ("config.ExposedPorts[%q]"):format(p),
        message = ("the image exposes the Docker API's plain-text port %s"):format(p),
        remediation = "Rebuild the image without EXPOSE 2375; serve the API on 2376 with tlsverify, or only on the Unix socket.",
      }
    end
  end
end

function check.container(doc, report)
  local s = inspect.subject(doc, report)
  for _, p in ipairs(inspect.published(doc)) do
    local port = api_port(p.port)
    if port and inspect.any_ip(p.host_ip) then
      s.report {
        path = p.path,
        message = ("publishes the Docker API port %s on every interface (host port %s)"):format(p.port, tostring(p.host_port or "random")),
        remediation = ("Recreate the container with -p 127.0.0.1:%s:%s (and TLS client certificates), or without the port."):format(tostring(p.host_port or port), port),
      }
    end
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
