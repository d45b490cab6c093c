-- sensitive-host-mount: a host path that holds the node's system files,
-- credentials or runtime state is mounted into a container: /, or /etc,
-- /proc, /sys, /boot, /dev, /root, /var/lib/docker, /var/lib/kubelet,
-- /var/run, /run, /var/lib/etcd, /lib/modules, /srv/kubernetes, host binary
-- directories (/usr/bin, /bin, /sbin, /opt/cni/bin…) and anything below them,
-- or a parent of one (/var, /var/lib, /usr, /opt): hostpaths.lua. Kubernetes hostPath volumes;
-- Compose bind mounts (short "src:dst" and long type: bind). Paths are
-- compared after resolving "//", "." and "..". /etc/localtime and
-- /etc/timezone mounted read-only are not findings (public, constant data).
local check = {
  id = "RT-015", name = "sensitive-host-mount", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  supersedes = { "host-path-volume" },
  title = "Sensitive host path mounted",
  description = [[
Mounting the host's root, /etc, /proc, /sys, /dev, /boot, /root, the runtime's
state (/var/lib/docker, /var/lib/containerd, /var/lib/kubelet), etcd's data
(/var/lib/etcd), the cluster's keys (/srv/kubernetes), kernel modules
(/lib/modules), the host's binaries (/usr/bin, /bin, /opt/cni/bin) or its run
directories (/run, /var/run), or a parent of any of them (/var, /var/lib, /usr),
hands the container the node's credentials, devices, kernel interfaces and
container runtime: with write access it is a container escape.]],
  remediation = "Do not mount system paths of the host; use volumes. A node agent that needs one should mount the narrowest path read-only.",
}

local harmless_ro = { ["/etc/localtime"] = true, ["/etc/timezone"] = true }

-- The sensitive prefix of p and how p reaches it, as a phrase for messages.
local function sensitive(p)
  local pre, how, what = hostpaths.sensitive(p)
  if not pre then return nil end
  if how == "parent" then return pre, (" (it holds %s%s)"):format(pre, what and ", " .. what or "") end
  return pre, what and (" (%s)"):format(what) or ""
end

-- The narrowest-file advice, except for a runtime socket: read-only does not
-- make a socket safe (runtime-socket-mounted).
local function narrow(src, pre, ro_example)
  if hostpaths.runtime_socket(src) then
    return ("%s is a container runtime socket or its directory: read-only does not help (the API is still reachable); do not mount it."):format(src)
  end
  return ("if it truly needs something below %s, bind the narrowest file read-only (%s)."):format(pre, ro_example)
end

-- "/var/log/../../proc" → "/var/log/../../proc (= /proc)"
local function shown(raw, clean)
  raw = tostring(raw)
  if clean and clean ~= raw and clean .. "/" ~= raw then return ("%s (= %s)"):format(raw, clean) end
  return raw
end

-- True when a container of the workload adds SYS_MODULE (or ALL).
local function adds_sys_module(doc)
  for c, cpath in k8s.containers(doc) do
    local caps = k8s.capabilities(c, cpath)
    for _, a in ipairs(caps and type(caps.add) == "table" and caps.add or {}) do
      local n = k8s.capability(a)
      if n == "SYS_MODULE" or n == "ALL" then return true end
    end
  end
  return false
end

function check.kubernetes(doc, report)
  for vol, vpath, hp in k8s.host_path_volumes(doc) do
    local pre, note = sensitive(hp)
    if pre == "/lib/modules" and adds_sys_module(doc) then
      note = " (kernel modules, and a container adds SYS_MODULE: it can load them into the node's kernel)"
    end
    if pre and not (harmless_ro[hp] and k8s.mounted_read_only(doc, vol.name)) then
      report {
        path = vpath .. ".hostPath.path",
        message = ("%s volume %q mounts the sensitive host path %s%s"):format(k8s.describe(doc),
          tostring(vol.name or "?"), shown(vol.hostPath.path, hp), note),
        remediation = hostpaths.runtime_socket(hp) and ("Remove the hostPath volume at %s: %s"):format(vpath, narrow(hp, pre))
          or ("Remove the hostPath volume at %s; if the workload is a node agent that truly needs %s, mount the narrowest file below it with readOnly: true in volumeMounts and run it in a dedicated, restricted namespace."):format(vpath, pre),
      }
    end
  end
end

function check.compose(doc, report)
  for v, s in compose.each_volume(doc, report) do
    local src = v.type == "bind" and type(v.source) == "string" and not v.source:find("%$") and k8s.clean_path(v.source)
    local pre, note
    if src then pre, note = sensitive(src) end
    if pre and not (harmless_ro[src] and v.read_only) then
      s.report {
        path = v.long and v.path .. ".source" or v.path,
        message = ("mounts the sensitive host path %s%s"):format(shown(v.source, src), note),
        remediation = ("Remove the bind mount of %s from %s.volumes; %s"):format(v.source, s.path,
          narrow(src, pre, ('"%s:%s:ro"'):format(v.source, tostring(v.target or v.source)))),
      }
    end
  end
end

-- Running container: bind mounts (Mounts, else HostConfig.Binds) of a
-- sensitive host path.
function check.container(doc, report)
  local s = inspect.subject(doc, report)
  for _, m in ipairs(inspect.mounts(doc)) do
    local src = m.type == "bind" and type(m.source) == "string" and k8s.clean_path(m.source)
    local pre, note
    if src then pre, note = sensitive(src) end
    if pre and not (harmless_ro[src] and not m.rw) then
      s.report {
        path = m.at, message = ("mounts the sensitive host path %s at %s%s%s"):format(shown(m.source, src), tostring(m.destination or "?"),
          m.rw and "" or " (read-only)", note),
        remediation = ("Recreate the container without the bind mount of %s; %s"):format(m.source,
          narrow(src, pre, ("-v %s:%s:ro"):format(m.source, tostring(m.destination or m.source)))),
      }
    end
  end
end

return check
