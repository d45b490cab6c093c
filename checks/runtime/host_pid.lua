-- host-pid: the pod shares the node's pid namespace (hostPID).
return {
  id = "RT-011",
  name = "host-pid",
  severity = "high",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Pod shares the host pid namespace",
  description = [[
A pod with hostPID: true shares the node's process table: it sees every process on the node, can read their environment and, with ptrace, attach to them.]],
  remediation = "Remove spec.hostPID or set it to false.",
  frameworks = { cis_docker = "5.16", cis_kubernetes = "5.2.3", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
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
