-- runtime-socket-mounted: the container runtime's API socket (docker.sock,
-- containerd.sock, crio.sock, …) or the run directory holding it (/run,
-- /run/docker, …: hostpaths.lua) is mounted into a container. Kubernetes
-- hostPath volumes; Compose bind mounts, also judged by their target when the
-- source is a variable without a value (${DOCKER_SOCK}:/var/run/docker.sock);
-- running containers' bind mounts.
local check = {
  id = "RT-016", name = "runtime-socket-mounted", severity = "critical", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  supersedes = { "sensitive-host-mount", "host-path-volume" },
  title = "Container runtime socket mounted",
  description = [[
Whoever can talk to the Docker, containerd or CRI-O socket can start a
privileged container with the host's root filesystem mounted: mounting the
socket (even read-only: it is a socket, not a file) is root on the host.]],
  remediation = "Do not mount the runtime socket or its directory into containers.",
}

local exposes = hostpaths.runtime_socket

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
    -- a source Compose cannot resolve (no value, no default): the target
    -- tells, /var/run/docker.sock is where clients look for the socket
    local by_target = not what and src and hostpaths.unresolved(src) and type(v.target) == "string"
      and exposes(k8s.clean_path(v.target)) == "socket"
    if what or by_target then
      s.report {
        path = v.long and v.path .. ".source" or v.path,
        message = by_target and ("mounts %s onto %s, where clients find the container runtime socket"):format(src, v.target)
          or mounts(what, src),
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
