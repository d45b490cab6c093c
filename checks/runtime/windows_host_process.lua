-- windows-host-process: securityContext.windowsOptions.hostProcess: true at
-- pod or container level.
return {
  id = "RT-026",
  name = "windows-host-process",
  severity = "critical",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Windows HostProcess container",
  description = [[
A Windows HostProcess container runs directly on the node as a host process,
with access to the host's network, filesystem and (as SYSTEM) everything else:
it is the Windows equivalent of a privileged container.]],
  remediation = "Delete windowsOptions.hostProcess or set it to false.",
  frameworks = { cis_kubernetes = "5.2.11", pss = "baseline" },

  run = function(doc, report)
    local spec, sp = k8s.pod_spec(doc)
    if not spec then return end
    local function check(sc, at, who, cname)
      if type(sc) == "table" and type(sc.windowsOptions) == "table" and sc.windowsOptions.hostProcess == true then
        local p = at .. ".securityContext.windowsOptions.hostProcess"
        report {
          path = p,
          container = cname,
          message = ("%s runs as a Windows HostProcess container (hostProcess: true)"):format(who),
          remediation = ("Delete %s or set it to false."):format(p),
          fix = { { path = p, value = false } },
        }
      end
    end
    check(spec.securityContext, sp, k8s.describe(doc), nil)
    for c, cpath in k8s.containers(doc) do
      check(c.securityContext, cpath, ("container %q"):format(c.name or "?"), c.name)
    end
  end,
}
