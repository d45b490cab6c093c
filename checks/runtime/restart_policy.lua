-- restart-policy: a Compose service that restarts forever (restart: always
-- or unless-stopped; deploy.restart_policy with condition any, explicit or by
-- default, and no max_attempts). on-failure with a retry cap passes, and so
-- does no restart policy at all ("no").
local check = {
  id = "RT-032", name = "restart-policy", severity = "info", class = "hardening",
  inputs = { "compose", "container" },
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
        fix = { k8s.edit(at .. ".condition", "on-failure"), k8s.edit(at .. ".max_attempts", 5) },
      }
    end
  end
end

-- Running container: HostConfig.RestartPolicy always / unless-stopped, or
-- on-failure with MaximumRetryCount 0 (unbounded).
function check.container(doc, report)
  local rp = inspect.host(doc).RestartPolicy
  if type(rp) ~= "table" then return end
  local name = rp.Name
  local forever = name == "always" or name == "unless-stopped"
  local unbounded = name == "on-failure" and inspect.unset(rp.MaximumRetryCount)
  if forever or unbounded then
    inspect.subject(doc, report).report {
      path = forever and "HostConfig.RestartPolicy.Name" or "HostConfig.RestartPolicy.MaximumRetryCount",
      message = forever and ("restarts forever (--restart %s)"):format(name) or "restarts on failure without a retry cap (--restart on-failure)",
      remediation = "Recreate the container with --restart on-failure:5 (or docker update --restart on-failure:5 it).",
    }
  end
end

return check
