-- windows-host-process: securityContext.windowsOptions.hostProcess: true at
-- pod or container level.
local check = {
  id = "RT-026", name = "windows-host-process", severity = "critical", class = "risk",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Windows HostProcess container",
  description = [[
A Windows HostProcess container runs directly on the node as a host process,
with access to the host's network, filesystem and (as SYSTEM) everything else:
it is the Windows equivalent of a privileged container.]],
  remediation = "Delete windowsOptions.hostProcess or set it to false.",
}

function check.kubernetes(doc, report)
  for s, sc in k8s.security_contexts(doc, report) do
    if sc and k8s.dig(sc, "windowsOptions.hostProcess") == true then
      local at = s.sc .. ".windowsOptions.hostProcess"
      s.report {
        path = at, message = "runs as a Windows HostProcess container (hostProcess: true)",
        remediation = ("Delete %s or set it to false."):format(at), fix = { { path = at, value = false } },
      }
    end
  end
end

return check
