-- runtime-socket-mounted: the container runtime's API socket (docker.sock,
-- containerd.sock, crio.sock, …) or the run directory holding it is mounted
-- into a container. Kubernetes hostPath volumes; Compose bind mounts.
local check = {
  id = "RT-016", name = "runtime-socket-mounted", severity = "critical",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Container runtime socket mounted",
  description = [[
Whoever can talk to the Docker, containerd or CRI-O socket can start a
privileged container with the host's root filesystem mounted: mounting the
socket (even read-only: it is a socket, not a file) is root on the host.]],
  remediation = "Do not mount the runtime socket or its directory into containers.",
}

local sockets = {
  ["docker.sock"] = true, ["containerd.sock"] = true, ["crio.sock"] = true,
  ["cri-dockerd.sock"] = true, ["dockershim.sock"] = true, ["podman.sock"] = true,
}
-- directories whose mount exposes one of those sockets
local dirs = {
  ["/run"] = true, ["/var/run"] = true, ["/run/containerd"] = true, ["/var/run/containerd"] = true,
  ["/run/crio"] = true, ["/var/run/crio"] = true, ["/run/podman"] = true, ["/var/run/podman"] = true,
  ["/run/k3s/containerd"] = true,
}

local function exposes(p)
  if type(p) ~= "string" then return nil end
  local base = p:match("([^/\\]+)$")
  if base and sockets[base:lower()] then return "socket" end
  if p:lower():find("pipe[/\\]+docker_engine$") then return "socket" end
  if dirs[p] then return "dir" end
  return nil
end

local function mounts(what, src)
  if what == "socket" then return "mounts the container runtime socket " .. src end
  return ("mounts %s, which holds the container runtime socket"):format(src)
end

function check.kubernetes(doc, report)
  for vol, vpath, hp in k8s.host_path_volumes(doc) do
    local what = exposes(hp)
    if what then
      report {
        path = vpath .. ".hostPath.path",
        message = ("%s volume %q %s"):format(k8s.describe(doc), tostring(vol.name or "?"), mounts(what, tostring(vol.hostPath.path))),
        remediation = ("Remove the hostPath volume at %s. Build images with a daemonless builder (BuildKit rootless, kaniko, buildah) and query the cluster through the Kubernetes API instead of the runtime socket."):format(vpath),
      }
    end
  end
end

function check.compose(doc, report)
  for v, s in compose.each_volume(doc, report) do
    local src = (v.type == "bind" or v.type == "npipe") and type(v.source) == "string" and v.source or nil
    local what = src and exposes(src:find("^/") and k8s.clean_path(src) or src)
    if what then
      s.report {
        path = v.long and v.path .. ".source" or v.path,
        message = mounts(what, src),
        remediation = ("Remove the bind mount of %s from %s.volumes. If the service must talk to Docker, put a filtering proxy (e.g. tecnativa/docker-socket-proxy, read-only endpoints only) in between, or use a rootless, daemonless builder."):format(src, s.path),
      }
    end
  end
end

-- Running container: bind mounts (Mounts, else HostConfig.Binds).
function check.container(doc, report)
  local s = inspect.subject(doc, report)
  for _, m in ipairs(inspect.mounts(doc)) do
    local what = m.type == "bind" and exposes(m.source)
    if what then
      s.report {
        path = m.at, message = mounts(what, tostring(m.source)),
        remediation = ("Recreate the container without -v %s:%s. Build with a daemonless builder and monitor through the runtime's metrics endpoint instead of its socket."):format(
          tostring(m.source), tostring(m.destination or m.source)),
      }
    end
  end
end

return check
