-- restart-policy: a Compose service that restarts forever (restart: always
-- or unless-stopped; deploy.restart_policy with condition any, explicit or by
-- default, and no max_attempts). on-failure with a retry cap passes, and so
-- does no restart policy at all ("no").
local check = {
  id = "RT-032", name = "restart-policy", severity = "info",
  inputs = { "compose" },
  title = "Restart policy without a retry cap",
  description = [[
A container restarted forever hides a crash loop and keeps retrying whatever
made it fail, an exploit attempt included, consuming host resources each time.
Restart on failure with a bounded number of attempts, so a broken service stops
and gets noticed.]],
  remediation = "Use restart: on-failure:5 (or deploy.restart_policy: condition: on-failure, max_attempts: 5).",
}

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    local r = svc.restart
    if r == "always" or r == "unless-stopped" then
      s.report {
        path = s.path .. ".restart", message = ("restarts forever (restart: %s)"):format(r),
        remediation = k8s.set_in(s.path, "restart: on-failure:5"),
        fix = { { path = s.path .. ".restart", value = "on-failure:5" } },
      }
    end
    local rp, at = k8s.dig(svc, "deploy.restart_policy"), s.path .. ".deploy.restart_policy"
    if type(rp) == "table" and (rp.condition or "any") == "any" and rp.max_attempts == nil then
      s.report {
        path = rp.condition ~= nil and (at .. ".condition") or at,
        message = ("restarts forever (deploy.restart_policy condition %s without max_attempts)"):format(rp.condition or "any"),
        remediation = k8s.set_in(at, "condition: on-failure\nmax_attempts: 5"),
      }
    end
  end
end

return check
