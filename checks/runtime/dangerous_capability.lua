-- dangerous-capability: a container adds a capability that is dangerous by
-- name or outside the Pod Security Standards baseline allow-list.
-- Kubernetes: securityContext.capabilities.add (Windows pods are exempt);
-- Compose: cap_add. Names in any case, with or without CAP_.
local check = {
  id = "RT-008", name = "dangerous-capability", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Container adds a dangerous capability",
  description = [[
Capabilities such as SYS_ADMIN, NET_ADMIN, SYS_PTRACE, SYS_MODULE or BPF give a
process root-like control of the kernel, the network or other processes and
are the usual stepping stones of container escapes. The Pod Security Standards
(baseline) allow adding only AUDIT_WRITE, CHOWN, DAC_OVERRIDE, FOWNER, FSETID,
KILL, MKNOD, NET_BIND_SERVICE, SETFCAP, SETGID, SETPCAP, SETUID and SYS_CHROOT.]],
  remediation = "Remove the capability from capabilities.add (Kubernetes) or cap_add (Compose); grant only what the process needs from the baseline set.",
}

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

-- Why adding capability n is reported, or nil when it is allowed.
local function why(n)
  if not n or n == "" then return nil end
  return dangerous[n] or (not baseline[n] and "outside the Pod Security Standards baseline set") or nil
end

-- Subject s adds capability raw (n in one spelling) at path at, listed in `list`.
local function check_added(s, raw, n, at, list, remedy)
  local reason = why(n)
  if reason then
    s.report {
      path = at, message = ("adds capability %s (%s)"):format(n, reason),
      remediation = ("Remove %s from %s; %s"):format(tostring(raw), list, remedy),
    }
  end
end

function check.kubernetes(doc, report)
  for raw, n, at, ct in k8s.added_capabilities(doc, report) do
    check_added(ct, raw, n, at, ct.sc .. ".capabilities.add",
      'keep drop: ["ALL"] and add back only capabilities of the baseline set the process needs.')
  end
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    for raw, at in k8s.list(svc, "cap_add", s.path) do
      check_added(s, raw, k8s.capability(raw), at, s.path .. ".cap_add",
        "use cap_drop: [ALL] and add back only the capabilities the process needs.")
    end
  end
end

-- Running container: HostConfig.CapAdd.
function check.container(doc, report)
  local s = inspect.subject(doc, report)
  for raw, at in k8s.list(inspect.host(doc), "CapAdd", "HostConfig") do
    check_added(s, raw, inspect.capability(raw), at, "the container's --cap-add options",
      "recreate it with --cap-drop ALL and add back only the capabilities the process needs.")
  end
end

return check
