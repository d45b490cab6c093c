-- dangerous-capability: a container adds a capability that is dangerous by
-- name or outside the Pod Security Standards baseline allow-list.
-- Kubernetes: securityContext.capabilities.add (Windows pods are exempt);
-- Compose: cap_add. Names in any case, with or without CAP_.
local baseline = {
  AUDIT_WRITE = true, CHOWN = true, DAC_OVERRIDE = true, FOWNER = true, FSETID = true,
  KILL = true, MKNOD = true, NET_BIND_SERVICE = true, SETFCAP = true, SETGID = true,
  SETPCAP = true, SETUID = true, SYS_CHROOT = true,
}
local dangerous = {
  ALL = "every capability, as good as privileged",
  SYS_ADMIN = "mount, namespaces and most of root's powers",
  NET_ADMIN = "reconfigure interfaces, routes and firewall rules",
  NET_RAW = "raw sockets: spoofing and ARP/DNS attacks on the pod network",
  SYS_MODULE = "load kernel modules",
  SYS_PTRACE = "trace and inject into other processes",
  SYS_RAWIO = "raw I/O to devices and memory",
  SYS_BOOT = "reboot the host",
  BPF = "load BPF programs into the kernel",
  PERFMON = "kernel performance monitoring and tracing",
  MAC_ADMIN = "reconfigure the LSM (AppArmor, SELinux)",
  MAC_OVERRIDE = "bypass the LSM (AppArmor, SELinux)",
  DAC_READ_SEARCH = "read any file on mounted filesystems (open_by_handle_at escape)",
}

local function why(raw)
  local n = k8s.capability(raw)
  if not n or n == "" then return nil end
  if dangerous[n] then return n, dangerous[n] end
  if not baseline[n] then return n, "outside the Pod Security Standards baseline set" end
  return nil
end

local function check_k8s(doc, report)
  local spec = k8s.pod_spec(doc)
  if not spec or k8s.is_windows(spec) then return end
  for c, cpath in k8s.containers(doc) do
    local caps, capath = k8s.capabilities(c, cpath)
    local add = caps and caps.add
    for i, raw in ipairs(type(add) == "table" and add or {}) do
      local n, reason = why(raw)
      if n then
        report {
          path = ("%s.add[%d]"):format(capath, i - 1),
          container = c.name,
          message = ("container %q adds capability %s (%s)"):format(c.name or "?", n, reason),
          remediation = ("Remove %s from %s.add; keep drop: [\"ALL\"] and add back only capabilities of the baseline set the process needs."):format(tostring(raw), capath),
        }
      end
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    for i, raw in ipairs(type(svc.cap_add) == "table" and svc.cap_add or {}) do
      local n, reason = why(raw)
      if n then
        report {
          path = ("%s.cap_add[%d]"):format(spath, i - 1),
          resource = { kind = "service", name = name },
          container = name,
          message = ("service %q adds capability %s (%s)"):format(name, n, reason),
          remediation = ("Remove %s from %s.cap_add; use cap_drop: [ALL] and add back only the capabilities the process needs."):format(tostring(raw), spath),
        }
      end
    end
  end
end

return {
  id = "RT-008",
  name = "dangerous-capability",
  severity = "high",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Container adds a dangerous capability",
  description = [[
Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or BPF give a
process root-like control of the kernel, the network or other processes and
are the usual stepping stones of container escapes. The Pod Security Standards
(baseline) allow adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID,
KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.]],
  remediation = "Remove the capability from capabilities.add (Kubernetes) or cap_add (Compose); grant only what the process needs from the baseline set.",
  frameworks = { cis_docker = "5.4", cis_kubernetes = "5.2.8", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if doc.kind then return check_k8s(doc, report) end
    return check_compose(doc, report)
  end,
}
