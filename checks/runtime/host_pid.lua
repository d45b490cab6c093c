-- host-pid: the workload shares the node's pid namespace.
-- Kubernetes: spec.hostPID: true; Compose: pid: host.
local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local v = svc.pid
    if type(v) == "string" and v:lower() == "host" then
      report {
        path = spath .. ".pid",
        resource = { kind = "service", name = name },
        container = name,
        message = ("service %q sets pid: host"):format(name),
        remediation = ("Delete %s.pid so the service gets its own pid namespace."):format(spath),
      }
    end
  end
end

return {
  id = "RT-011",
  name = "host-pid",
  severity = "high",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Workload shares the host pid namespace",
  description = [[
A pod with hostPID: true, or a Compose service with pid: host, shares the node's process table: it sees every process on the node, can read their environment and, with ptrace, attach to them.]],
  remediation = "Remove spec.hostPID (Kubernetes) or pid: host (Compose).",
  frameworks = { cis_docker = "5.16", cis_kubernetes = "5.2.3", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if not doc.kind then return check_compose(doc, report) end
    local spec, path = k8s.pod_spec(doc)
    if spec and spec.hostPID == true then
      report {
        path = path .. ".hostPID",
        message = ("%s sets hostPID: true"):format(k8s.describe(doc)),
        remediation = ("Delete %s.hostPID (it defaults to false) or set it to false."):format(path),
        fix = { { path = path .. ".hostPID", value = false } },
      }
    end
  end,
}
