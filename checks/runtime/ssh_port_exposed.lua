-- ssh-port-exposed: port 22 declared or published for a container.
-- Kubernetes: ports[].containerPort 22 on any container. Compose: ports whose
-- container (target) port is 22 or a range holding it, and expose entries.
-- Dockerfile: EXPOSE in any stage (ports after ARG/ENV substitution).
-- Image config: ExposedPorts keys ("22/tcp").
local check = {
  id = "RT-035", name = "ssh-port-exposed", severity = "medium", class = "risk",
  inputs = { "kubernetes", "compose", "dockerfile", "image", "archive", "container" }, kinds = "workloads",
  title = "SSH port exposed",
  description = [[
An SSH server in a container is a second way in with its own credentials, keys
and vulnerabilities to manage, outside the platform's access control and audit.
Containers need none: kubectl exec and docker exec give a shell when one is
needed.]],
  remediation = "Remove the SSH server and port 22; use kubectl exec / docker exec for interactive access.",
}

local function has22(p) return runtime.has_port(p, 22) end

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do
    for p, at in k8s.list(c, "ports", ct.path) do
      if type(p) == "table" and has22(p.containerPort) then
        ct.report {
          path = at .. ".containerPort", message = "exposes SSH port 22",
          remediation = ("Delete %s and the SSH server from the image: use kubectl exec or kubectl debug to get a shell."):format(at),
        }
      end
    end
  end
end

-- Service s publishes (ports) or exposes (expose) port 22 at path at.
local function compose_ssh(s, at, verb)
  s.report {
    path = at, message = verb .. " SSH port 22",
    remediation = ("Delete %s and the SSH server from the image: use docker compose exec %s sh to get a shell."):format(at, s.name),
  }
end

function check.compose(doc, report)
  for p, s in compose.each_port(doc, report) do
    if has22(p.target) then compose_ssh(s, p.path, "publishes") end
  end
  for svc, s in compose.each_service(doc, report) do
    for e, at in k8s.list(svc, "expose", s.path) do
      if has22(e) then compose_ssh(s, at, "exposes") end
    end
  end
end

function check.dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    for ins, path in docker.each(doc, i, "EXPOSE") do
      for _, port in ipairs(docker.ports(ins)) do
        if has22(port.text) then
          report {
            path = path .. ".args", offset = port.offset, container = st.name,
            message = ("EXPOSE %s declares the SSH port"):format(port.text),
            remediation = ("Remove %s from the EXPOSE on line %d and the SSH server from the image: use docker exec or kubectl exec for a shell."):format(port.text, ins.line or 0),
          }
        end
      end
    end
  end
end

function check.image(doc, report)
  local ports = type(doc.config) == "table" and doc.config.ExposedPorts
  for _, p in ipairs(k8s.sorted_keys(ports)) do
    if has22(p) then
      report {
        path = ("config.ExposedPorts[%q]"):format(p), message = ("the image exposes SSH port %s"):format(p),
        remediation = "Rebuild the image without EXPOSE 22 and without an SSH server.",
      }
    end
  end
end

-- Running container: port 22 published (HostConfig.PortBindings) or exposed
-- (Config.ExposedPorts, the image's EXPOSE or --expose).
function check.container(doc, report)
  local s = inspect.subject(doc, report)
  local published = {}
  for _, p in ipairs(inspect.published(doc)) do
    if has22(p.port) and not published[p.port] then
      published[p.port] = true
      s.report {
        path = p.binding, message = ("publishes SSH port %s on host port %s"):format(p.port, tostring(p.host_port or "?")),
        remediation = ("Recreate the container without -p %s:22 and remove the SSH server from the image: use docker exec for a shell."):format(tostring(p.host_port or "")),
      }
    end
  end
  for _, e in ipairs(inspect.exposed(doc)) do
    if has22(e.port) and not published[e.port] then
      s.report {
        path = e.path, message = ("exposes SSH port %s"):format(e.port),
        remediation = "Rebuild the image without EXPOSE 22 and without an SSH server: use docker exec for a shell.",
      }
    end
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
