-- privileged-container: a container with every host capability and device.
return {
  id = "RT-001",
  name = "privileged-container",
  severity = "critical",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Container runs in privileged mode",
  description = [[
A privileged container runs with every Linux capability, sees every host device
and is not confined by seccomp or AppArmor: a process that escapes it is root on
the node. Almost no workload needs it; those that do (CNI plugins, storage
drivers) belong in a dedicated, tightly controlled namespace.]],
  remediation = "Remove securityContext.privileged or set it to false; grant only the capabilities the process needs.",
  frameworks = { cis_docker = "5.5", cis_kubernetes = "5.2.2", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    for c, path in k8s.containers(doc) do
      local sc = c.securityContext
      if type(sc) == "table" and sc.privileged == true then
        report {
          path = path .. ".securityContext.privileged",
          container = c.name,
          message = ("container %q runs privileged"):format(c.name or "?"),
          remediation = ("In %s set:\n  securityContext:\n    privileged: false"):format(path),
          fix = { { path = path .. ".securityContext.privileged", value = false } },
        }
      end
    end
  end,
}
