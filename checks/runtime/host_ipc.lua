-- host-ipc: the pod shares the node's ipc namespace (hostIPC).
return {
  id = "RT-012",
  name = "host-ipc",
  severity = "high",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Pod shares the host ipc namespace",
  description = [[
A pod with hostIPC: true shares the node's IPC namespace: it can read and write shared memory segments of every process on the node.]],
  remediation = "Remove spec.hostIPC or set it to false.",
  frameworks = { cis_docker = "5.17", cis_kubernetes = "5.2.4", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
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
