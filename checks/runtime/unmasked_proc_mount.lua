-- unmasked-proc-mount: securityContext.procMount other than Default (the
-- only other value is Unmasked), on any container.
local check = {
  id = "RT-024", name = "unmasked-proc-mount", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Unmasked /proc mount",
  description = [[
The runtime masks and makes read-only parts of /proc (kcore, sysrq-trigger,
timer_list…) and /sys/firmware. procMount: Unmasked removes those masks,
exposing host kernel information and controls to the container; only nested
container runtimes in user namespaces need it.]],
  remediation = "Delete securityContext.procMount or set it to Default.",
}

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do
    local pm = k8s.dig(c, "securityContext.procMount")
    if pm ~= nil and pm ~= "Default" then
      local at = ct.sc .. ".procMount"
      ct.report {
        path = at, message = ("sets procMount: %s"):format(tostring(pm)),
        remediation = ("Delete %s (the default is Default) or set it to Default."):format(at),
        fix = { { path = at, value = "Default" } },
      }
    end
  end
end

return check
