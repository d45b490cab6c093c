-- restart-policy: a Compose service that restarts forever (restart: always
-- or unless-stopped; deploy.restart_policy with condition any, explicit or by
-- default, and no max_attempts). on-failure with a retry cap passes, and so
-- does no restart policy at all ("no").
return {
  id = "RT-032",
  name = "restart-policy",
  severity = "info",
  inputs = { "compose" },
  title = "Restart policy without a retry cap",
  description = [[
A container restarted forever hides a crash loop and keeps retrying whatever
made it fail, an exploit attempt included, consuming host resources each time.
Restart on failure with a bounded number of attempts, so a broken service stops
and gets noticed.]],
  remediation = "Use restart: on-failure:5 (or deploy.restart_policy: condition: on-failure, max_attempts: 5).",
  frameworks = { cis_docker = "5.15" },

  run = function(doc, report)
    for svc, spath, name in compose.services(doc) do
      local r = svc.restart
      if r == "always" or r == "unless-stopped" then
        report {
          path = spath .. ".restart",
          container = name,
          resource = { kind = "service", name = name },
          message = ("service %q restarts forever (restart: %s)"):format(name, r),
          remediation = ("In %s set:\n  restart: on-failure:5"):format(spath),
          fix = { { path = spath .. ".restart", value = "on-failure:5" } },
        }
      end
      local rp = k8s.dig(svc, "deploy.restart_policy")
      if type(rp) == "table" then
        local cond = rp.condition or "any"
        if cond == "any" and rp.max_attempts == nil then
          local at = spath .. ".deploy.restart_policy"
          report {
            path = rp.condition ~= nil and (at .. ".condition") or at,
            container = name,
            resource = { kind = "service", name = name },
            message = ("service %q restarts forever (deploy.restart_policy condition %s without max_attempts)"):format(name, cond),
            remediation = ("In %s set:\n  condition: on-failure\n  max_attempts: 5"):format(at),
          }
        end
      end
    end
  end,
}
