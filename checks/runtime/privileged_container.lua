-- privileged-container: a container with every host capability and device.
-- Kubernetes: securityContext.privileged: true on any container;
-- Compose: privileged: true on a service.
local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    if svc.privileged == true or svc.privileged == "true" then
      report {
        path = spath .. ".privileged",
        resource = { kind = "service", name = name },
        container = name,
        message = ("service %q runs privileged"):format(name),
        remediation = ("Remove %s.privileged (it defaults to false); grant only the capabilities the process needs with cap_add."):format(spath),
        fix = { { path = spath .. ".privileged", value = false } },
      }
    end
  end
end

return {
  id = "RT-001",
  name = "privileged-container",
  severity = "critical",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Container runs in privileged mode",
  description = [[
A privileged container runs with every Linux capability, sees every host device
and is not confined by seccomp or AppArmor: a process that escapes it is root on
the node. Almost no workload needs it; those that do (CNI plugins, storage
drivers) belong in a dedicated, tightly controlled namespace.]],
  remediation = "Remove securityContext.privileged (Kubernetes) or privileged (Compose), or set it to false; grant only the capabilities the process needs.",
  frameworks = { cis_docker = "5.5", cis_kubernetes = "5.2.2", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if not doc.kind then return check_compose(doc, report) end
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
