-- unmasked-proc-mount: securityContext.procMount other than Default (the
-- only other value is Unmasked), on any container.
return {
  id = "RT-024",
  name = "unmasked-proc-mount",
  severity = "high",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Unmasked /proc mount",
  description = [[
The runtime masks and makes read-only parts of /proc (kcore, sysrq-trigger,
timer_list…) and /sys/firmware. procMount: Unmasked removes those masks,
exposing host kernel information and controls to the container; only nested
container runtimes in user namespaces need it.]],
  remediation = "Delete securityContext.procMount or set it to Default.",
  frameworks = { pss = "baseline" },

  run = function(doc, report)
    for c, cpath in k8s.containers(doc) do
      local sc = c.securityContext
      if type(sc) == "table" and sc.procMount ~= nil and sc.procMount ~= "Default" then
        local at = cpath .. ".securityContext.procMount"
        report {
          path = at,
          container = c.name,
          message = ("container %q sets procMount: %s"):format(c.name or "?", tostring(sc.procMount)),
          remediation = ("Delete %s (the default is Default) or set it to Default."):format(at),
          fix = { { path = at, value = "Default" } },
        }
      end
    end
  end,
}
