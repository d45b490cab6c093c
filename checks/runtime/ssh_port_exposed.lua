-- ssh-port-exposed: port 22 declared or published for a container.
-- Kubernetes: ports[].containerPort 22 on any container. Compose: ports whose
-- container (target) port is 22 or a range holding it, and expose entries.
local function has22(p)
  if p == nil then return false end
  local s = tostring(p):gsub("/%a+$", "")
  local a, b = s:match("^%s*(%d+)%s*%-%s*(%d+)%s*$")
  if a then return tonumber(a) <= 22 and 22 <= tonumber(b) end
  return tonumber(s) == 22
end

local function check_k8s(doc, report)
  for c, cpath in k8s.containers(doc) do
    for i, p in ipairs(type(c.ports) == "table" and c.ports or {}) do
      if type(p) == "table" and has22(p.containerPort) then
        local at = ("%s.ports[%d]"):format(cpath, i - 1)
        report {
          path = at .. ".containerPort",
          container = c.name,
          message = ("container %q exposes SSH port 22"):format(c.name or "?"),
          remediation = ("Delete %s and the SSH server from the image: use kubectl exec or kubectl debug to get a shell."):format(at),
        }
      end
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    for _, p in ipairs(compose.ports(svc, spath)) do
      if has22(p.target) then
        report {
          path = p.path,
          container = name,
          resource = { kind = "service", name = name },
          message = ("service %q publishes SSH port 22"):format(name),
          remediation = ("Delete %s and the SSH server from the image: use docker compose exec %s sh to get a shell."):format(p.path, name),
        }
      end
    end
    for i, e in ipairs(type(svc.expose) == "table" and svc.expose or {}) do
      if has22(e) then
        local at = ("%s.expose[%d]"):format(spath, i - 1)
        report {
          path = at,
          container = name,
          resource = { kind = "service", name = name },
          message = ("service %q exposes SSH port 22"):format(name),
          remediation = ("Delete %s and the SSH server from the image: use docker compose exec %s sh to get a shell."):format(at, name),
        }
      end
    end
  end
end

-- Dockerfile: EXPOSE in any stage (ports after ARG/ENV substitution).
-- Image config: ExposedPorts keys ("22/tcp").
local function check_dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    for ins, path in docker.each(doc, i, "EXPOSE") do
      for _, port in ipairs(docker.ports(ins)) do
        local p = port.text
        if has22(p) then
          report {
            path = path .. ".args",
            offset = port.offset,
            container = st.name,
            message = ("EXPOSE %s declares the SSH port"):format(p),
            remediation = ("Remove %s from the EXPOSE on line %d and the SSH server from the image: use docker exec or kubectl exec for a shell."):format(p, ins.line or 0),
          }
        end
      end
    end
  end
end

local function check_image(doc, report)
  local ports = type(doc.config) == "table" and doc.config.ExposedPorts
  if type(ports) ~= "table" then return end
  local names = {}
  for k in pairs(ports) do names[#names + 1] = k end
  table.sort(names)
  for _, p in ipairs(names) do
    if has22(p) then
      report {
        path = ("config.ExposedPorts[%q]"):format(p),
        message = ("the image exposes SSH port %s"):format(p),
        remediation = "Rebuild the image without EXPOSE 22 and without an SSH server.",
      }
    end
  end
end

return {
  id = "RT-035",
  name = "ssh-port-exposed",
  severity = "medium",
  inputs = { "kubernetes", "compose", "dockerfile", "image" },
  kinds = "workloads",
  title = "SSH port exposed",
  description = [[
An SSH server in a container is a second way in with its own credentials, keys
and vulnerabilities to manage, outside the platform's access control and audit.
Containers need none: kubectl exec and docker exec give a shell when one is
needed.]],
  remediation = "Remove the SSH server and port 22; use kubectl exec / docker exec for interactive access.",
  frameworks = { cis_docker = "5.7" },

  run = function(doc, report)
    if doc.stages then return check_dockerfile(doc, report) end
    if doc.services then return check_compose(doc, report) end
    if doc.kind then return check_k8s(doc, report) end
    return check_image(doc, report)
  end,
}
