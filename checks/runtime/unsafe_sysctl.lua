-- unsafe-sysctl: a sysctl outside the Pod Security Standards safe set.
-- Kubernetes: spec.securityContext.sysctls[].name; Compose: sysctls (map or
-- "name=value" list).
local check = {
  id = "RT-025", name = "unsafe-sysctl", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Unsafe sysctl",
  description = [[
Most sysctls are not namespaced, or are namespaced but can exhaust or reconfigure
resources shared with the node and its other pods. The Pod Security Standards
allow only a short list of isolated, safe sysctls; anything else should be set on
the node by its administrator.]],
  remediation = "Set only the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, …); tune others on the node.",
}

-- The Pod Security Standards' safe set, in the order the remediation lists it.
local safe_names = {
  "kernel.shm_rmid_forced", "net.ipv4.ip_local_port_range", "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies", "net.ipv4.ping_group_range", "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time", "net.ipv4.tcp_fin_timeout", "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
}
local safe = {}
for _, n in ipairs(safe_names) do safe[n] = true end
local safe_list = table.concat(safe_names, ", ")

-- sysctl names may be written with slashes: net/ipv4/tcp_syncookies
local function norm(name)
  return (tostring(name):gsub("/", "."))
end

function check.kubernetes(doc, report)
  local p = k8s.pod(doc, report)
  if not p then return end
  for sysctl, at in k8s.list(p.spec.securityContext, "sysctls", p.sc) do
    if type(sysctl) == "table" and sysctl.name ~= nil and not safe[norm(sysctl.name)] then
      local name = tostring(sysctl.name)
      p.report {
        path = at .. ".name", message = "sets unsafe sysctl " .. name,
        remediation = ("Remove %s from %s.sysctls (only %s are safe), or tune it on the node instead."):format(name, p.sc, safe_list),
      }
    end
  end
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    for _, it in ipairs(compose.sysctls(svc, s.path)) do
      if not safe[norm(it.name)] then
        s.report {
          path = it.path, message = ("sets unsafe sysctl %s"):format(it.name),
          remediation = ("Remove %s from %s.sysctls (only %s are safe), or tune it on the host instead."):format(it.name, s.path, safe_list),
        }
      end
    end
  end
end

-- Running container: HostConfig.Sysctls (a map, as --sysctl sets it).
function check.container(doc, report)
  local sysctls = inspect.host(doc).Sysctls
  for _, k in ipairs(k8s.sorted_keys(sysctls)) do
    if not safe[norm(k)] then
      inspect.subject(doc, report).report {
        path = "HostConfig.Sysctls" .. k8s.key(k), message = ("sets unsafe sysctl %s"):format(k),
        remediation = ("Recreate the container without --sysctl %s (only %s are safe), or tune it on the host instead."):format(k, safe_list),
      }
    end
  end
end

return check
