-- sensitive-host-mount: a host path that holds the node's system files,
-- credentials or runtime state is mounted into a container: /, or /etc,
-- /proc, /sys, /boot, /dev, /root, /var/lib/docker, /var/lib/kubelet,
-- /var/run, /run and anything below them. Kubernetes hostPath volumes;
-- Compose bind mounts (short "src:dst" and long type: bind). Paths are
-- compared after resolving "//", "." and "..". /etc/localtime and
-- /etc/timezone mounted read-only are not findings (public, constant data).
local check = {
  id = "RT-015", name = "sensitive-host-mount", severity = "high",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Sensitive host path mounted",
  description = [[
Mounting the host's root, /etc, /proc, /sys, /dev, /boot, /root, the runtime's
state (/var/lib/docker, /var/lib/kubelet) or its run directories (/run,
/var/run) hands the container the node's credentials, devices, kernel
interfaces and container runtime: with write access it is a container escape.]],
  remediation = "Do not mount system paths of the host; use volumes. A node agent that needs one should mount the narrowest path read-only.",
}

local prefixes = { "/etc", "/proc", "/sys", "/boot", "/dev", "/root", "/var/lib/docker",
                   "/var/lib/kubelet", "/var/run", "/run" }
local harmless_ro = { ["/etc/localtime"] = true, ["/etc/timezone"] = true }

local function sensitive(p)
  if type(p) ~= "string" then return nil end
  if p == "/" then return "/" end
  for _, pre in ipairs(prefixes) do
    if p == pre or p:sub(1, #pre + 1) == pre .. "/" then return pre end
  end
  return nil
end

-- "/var/log/../../proc" → "/var/log/../../proc (= /proc)"
local function shown(raw, clean)
  raw = tostring(raw)
  if clean and clean ~= raw and clean .. "/" ~= raw then return ("%s (= %s)"):format(raw, clean) end
  return raw
end

function check.kubernetes(doc, report)
  for vol, vpath, hp in k8s.host_path_volumes(doc) do
    local pre = sensitive(hp)
    if pre and not (harmless_ro[hp] and k8s.mounted_read_only(doc, vol.name)) then
      report {
        path = vpath .. ".hostPath.path",
        message = ("%s volume %q mounts the sensitive host path %s"):format(k8s.describe(doc),
          tostring(vol.name or "?"), shown(vol.hostPath.path, hp)),
        remediation = ("Remove the hostPath volume at %s; if the workload is a node agent that truly needs %s, mount the narrowest file below it with readOnly: true in volumeMounts and run it in a dedicated, restricted namespace."):format(vpath, pre),
      }
    end
  end
end

function check.compose(doc, report)
  for v, s in compose.each_volume(doc, report) do
    local src = v.type == "bind" and type(v.source) == "string" and not v.source:find("%$") and k8s.clean_path(v.source)
    local pre = src and sensitive(src)
    if pre and not (harmless_ro[src] and v.read_only) then
      s.report {
        path = v.long and v.path .. ".source" or v.path,
        message = ("mounts the sensitive host path %s"):format(shown(v.source, src)),
        remediation = ("Remove the bind mount of %s from %s.volumes; if the service truly needs it, bind the narrowest file below %s read-only (\"%s:%s:ro\")."):format(v.source, s.path, pre, v.source, tostring(v.target or v.source)),
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
    local pre = src and sensitive(src)
    if pre and not (harmless_ro[src] and not m.rw) then
      s.report {
        path = m.at, message = ("mounts the sensitive host path %s at %s%s"):format(shown(m.source, src), tostring(m.destination or "?"),
          m.rw and "" or " (read-only)"),
        remediation = ("Recreate the container without the bind mount of %s; if it truly needs something below %s, bind the narrowest file read-only (-v %s:%s:ro)."):format(
          m.source, pre, m.source, tostring(m.destination or m.source)),
      }
    end
  end
end

return check
