-- unsafe-sysctl: a sysctl outside the Pod Security Standards safe set.
-- Kubernetes: spec.securityContext.sysctls[].name; Compose: sysctls (map or
-- "name=value" list).
local safe = {
  ["kernel.shm_rmid_forced"] = true,
  ["net.ipv4.ip_local_port_range"] = true,
  ["net.ipv4.ip_unprivileged_port_start"] = true,
  ["net.ipv4.tcp_syncookies"] = true,
  ["net.ipv4.ping_group_range"] = true,
  ["net.ipv4.ip_local_reserved_ports"] = true,
  ["net.ipv4.tcp_keepalive_time"] = true,
  ["net.ipv4.tcp_fin_timeout"] = true,
  ["net.ipv4.tcp_keepalive_intvl"] = true,
  ["net.ipv4.tcp_keepalive_probes"] = true,
}
local safe_list = "kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.ip_unprivileged_port_start, net.ipv4.tcp_syncookies, net.ipv4.ping_group_range, net.ipv4.ip_local_reserved_ports, net.ipv4.tcp_keepalive_time, net.ipv4.tcp_fin_timeout, net.ipv4.tcp_keepalive_intvl, net.ipv4.tcp_keepalive_probes"

-- sysctl names may be written with slashes: net/ipv4/tcp_syncookies
local function norm(name)
  return (tostring(name):gsub("/", "."))
end

local function check_k8s(doc, report)
  local spec, sp = k8s.pod_spec(doc)
  if not spec or type(spec.securityContext) ~= "table" or type(spec.securityContext.sysctls) ~= "table" then return end
  for i, s in ipairs(spec.securityContext.sysctls) do
    if type(s) == "table" and s.name ~= nil and not safe[norm(s.name)] then
      local at = ("%s.securityContext.sysctls[%d]"):format(sp, i - 1)
      report {
        path = at .. ".name",
        message = ("%s sets unsafe sysctl %s"):format(k8s.describe(doc), tostring(s.name)),
        remediation = ("Remove %s from %s.securityContext.sysctls (only %s are safe), or tune it on the node instead."):format(tostring(s.name), sp, safe_list),
      }
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local sc = svc.sysctls
    if type(sc) == "table" then
      local items = {}
      if #sc > 0 then
        for i, kv in ipairs(sc) do
          if type(kv) == "string" then
            items[#items + 1] = { (kv:match("^%s*([^=]+)") or kv):gsub("%s+$", ""), ("%s.sysctls[%d]"):format(spath, i - 1) }
          end
        end
      else
        local names = {}
        for k in pairs(sc) do names[#names + 1] = k end
        table.sort(names)
        for _, k in ipairs(names) do items[#items + 1] = { k, spath .. ".sysctls" .. k8s.key(k) } end
      end
      for _, it in ipairs(items) do
        if not safe[norm(it[1])] then
          report {
            path = it[2],
            container = name,
            resource = { kind = "service", name = name },
            message = ("service %q sets unsafe sysctl %s"):format(name, it[1]),
            remediation = ("Remove %s from %s.sysctls (only %s are safe), or tune it on the host instead."):format(it[1], spath, safe_list),
          }
        end
      end
    end
  end
end

return {
  id = "RT-025",
  name = "unsafe-sysctl",
  severity = "high",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Unsafe sysctl",
  description = [[
Most sysctls are not namespaced, or are namespaced but can exhaust or reconfigure
resources shared with the node and its other pods. The Pod Security Standards
allow only a short list of isolated, safe sysctls; anything else should be set on
the node by its administrator.]],
  remediation = "Set only the safe sysctls (kernel.shm_rmid_forced, net.ipv4.ip_local_port_range, net.ipv4.tcp_syncookies, …); tune others on the node.",
  frameworks = { pss = "baseline" },

  run = function(doc, report)
    if doc.services then return check_compose(doc, report) end
    return check_k8s(doc, report)
  end,
}
