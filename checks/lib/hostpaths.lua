-- hostpaths.lua — what a host path mounted into a container reaches, for
-- every input (Kubernetes hostPath, Compose bind mounts, docker inspect
-- Mounts): the node's sensitive paths, their parents, and the container
-- runtime's sockets. Paths are compared after k8s.clean_path.
local M = {}

-- Host paths whose contents are the node's system files, credentials,
-- kernel interfaces, binaries or runtime state; anything below them too.
M.sensitive_prefixes = {
  "/etc", "/proc", "/sys", "/boot", "/dev", "/root", "/lib/modules",
  "/var/lib/docker", "/var/lib/containerd", "/var/lib/kubelet", "/var/lib/etcd",
  "/var/run", "/run", "/srv/kubernetes",
  "/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/local/sbin", "/bin", "/sbin", "/opt/cni/bin",
}

-- What a sensitive path is, for messages.
local why = {
  ["/lib/modules"] = "kernel modules", ["/var/lib/etcd"] = "etcd's data: every Secret of the cluster",
  ["/srv/kubernetes"] = "the cluster's keys and certificates", ["/opt/cni/bin"] = "the node's network plugins",
  ["/usr/bin"] = "the host's binaries", ["/usr/sbin"] = "the host's binaries", ["/bin"] = "the host's binaries",
  ["/sbin"] = "the host's binaries", ["/usr/local/bin"] = "the host's binaries", ["/usr/local/sbin"] = "the host's binaries",
}

-- The sensitive prefix a cleaned absolute path is or is below ("/" for the
-- root), else the first sensitive path it is a parent of ("/var" holds
-- /var/lib/docker and /var/run), else nil. Second result: "below" or
-- "parent"; third: what it holds, when known.
function M.sensitive(p)
  if type(p) ~= "string" or p:sub(1, 1) ~= "/" then return nil end
  if p == "/" then return "/", "below" end
  for _, pre in ipairs(M.sensitive_prefixes) do
    if p == pre or p:sub(1, #pre + 1) == pre .. "/" then return pre, "below", why[pre] end
  end
  for _, pre in ipairs(M.sensitive_prefixes) do
    if pre:sub(1, #p + 1) == p .. "/" then return pre, "parent", why[pre] end
  end
  return nil
end

local sockets = {
  ["docker.sock"] = true, ["containerd.sock"] = true, ["crio.sock"] = true,
  ["cri-dockerd.sock"] = true, ["dockershim.sock"] = true, ["podman.sock"] = true,
}
-- directories whose mount exposes one of those sockets (dockerd's own run
-- directories /run/docker and /var/run/docker hold its sockets too)
local socket_dirs = {
  ["/run"] = true, ["/var/run"] = true, ["/run/containerd"] = true, ["/var/run/containerd"] = true,
  ["/run/crio"] = true, ["/var/run/crio"] = true, ["/run/podman"] = true, ["/var/run/podman"] = true,
  ["/run/k3s/containerd"] = true, ["/run/docker"] = true, ["/var/run/docker"] = true,
}

-- "socket" when path p is a runtime socket (by its file name, or Docker's
-- Windows named pipe), "dir" when it is a directory that holds one, else nil.
function M.runtime_socket(p)
  if type(p) ~= "string" then return nil end
  local base = p:match("([^/\\]+)$")
  if base and sockets[base:lower()] then return "socket" end
  if p:lower():find("pipe[/\\]+docker_engine$") then return "socket" end
  if socket_dirs[p] then return "dir" end
  return nil
end

-- A Compose bind source that still holds a variable after interpolation
-- (no value in the environment file and no default): its value is unknown.
function M.unresolved(src)
  return type(src) == "string" and src:find("%$") ~= nil
end

return M
