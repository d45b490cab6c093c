-- missing-liveness-probe: a long-running container without livenessProbe.
-- Only regular containers of long-running workloads: not Jobs, CronJobs or
-- Pods that run to completion (restartPolicy Never / OnFailure), not init or
-- ephemeral containers.
local check = {
  id = "RT-033", name = "missing-liveness-probe", severity = "low", class = "hardening",
  inputs = { "kubernetes", "container" }, kinds = "workloads",
  title = "No liveness probe",
  description = [[
Without a liveness probe Kubernetes restarts a container only when its process
exits: a deadlocked or wedged server keeps its pod Running and keeps failing
requests until someone notices.]],
  remediation = "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails when the process is wedged.",
}

function check.kubernetes(doc, report)
  if not k8s.long_running(doc) then return end
  for c, ct in k8s.each_container(doc, report) do
    if ct.list == "containers" and c.livenessProbe == nil then
      ct.report {
        path = ct.path, message = "has no livenessProbe",
        remediation = ("In %s add, for example:\n  livenessProbe:\n    httpGet:\n      path: /healthz\n      port: 8080\n    periodSeconds: 10\n    failureThreshold: 3"):format(ct.path),
      }
    end
  end
end

-- Running container: no health check at run time (Config.Healthcheck
-- missing, or Test ["NONE"] from --no-healthcheck). Docker copies the image's
-- HEALTHCHECK into Config.Healthcheck, so an image with one passes.
function check.container(doc, report)
  local cfg = inspect.config(doc)
  local hc = cfg.Healthcheck
  local test = type(hc) == "table" and hc.Test
  local none = type(test) == "table" and test[1] == "NONE"
  if type(test) ~= "table" or #test == 0 or none then
    inspect.subject(doc, report).report {
      path = none and "Config.Healthcheck.Test" or (doc.Config and "Config" or ""),
      message = none and "has its health check disabled (--no-healthcheck)" or "has no health check",
      remediation = "Recreate the container with --health-cmd (e.g. --health-cmd 'wget -qO- http://localhost:8080/healthz || exit 1' --health-interval 30s), or add a HEALTHCHECK to the image.",
    }
  end
end

return check
