-- host-ipc: the workload shares the node's ipc namespace.
-- Kubernetes: spec.hostIPC: true; Compose: ipc: host.
local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local v = svc.ipc
    if type(v) == "string" and v:lower() == "host" then
      report {
        path = spath .. ".ipc",
        resource = { kind = "service", name = name },
        container = name,
        message = ("service %q sets ipc: host"):format(name),
        remediation = ("Delete %s.ipc so the service gets its own ipc namespace."):format(spath),
      }
    end
  end
end

return {
  id = "RT-012",
  name = "host-ipc",
  severity = "high",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Workload shares the host ipc namespace",
  description = [[
A pod with hostIPC: true, or a Compose service with ipc: host, shares the node's IPC namespace: it can read and write shared memory segments of every process on the node.]],
  remediation = "Remove spec.hostIPC (Kubernetes) or ipc: host (Compose); use ipc: shareable / service:<name> to share memory between services.",
  frameworks = { cis_docker = "5.17", cis_kubernetes = "5.2.4", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if not doc.kind then return check_compose(doc, report) end
    local spec, path = k8s.pod_spec(doc)
    if spec and spec.hostIPC == true then
      report {
        path = path .. ".hostIPC",
        message = ("%s sets hostIPC: true"):format(k8s.describe(doc)),
        remediation = ("Delete %s.hostIPC (it defaults to false) or set it to false."):format(path),
        fix = { { path = path .. ".hostIPC", value = false } },
      }
    end
  end,
}
