-- missing-liveness-probe: a long-running container without livenessProbe.
-- Only regular containers of long-running workloads: not Jobs, CronJobs or
-- Pods that run to completion (restartPolicy Never / OnFailure), not init or
-- ephemeral containers.
local function long_running(doc, spec)
  if doc.kind == "Job" or doc.kind == "CronJob" then return false end
  local rp = spec.restartPolicy
  return rp == nil or rp == "Always"
end

return {
  id = "RT-033",
  name = "missing-liveness-probe",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "No liveness probe",
  description = [[
Without a liveness probe Kubernetes restarts a container only when its process
exits: a deadlocked or wedged server keeps its pod Running and keeps failing
requests until someone notices.]],
  remediation = "Add a livenessProbe (httpGet, tcpSocket, grpc or exec) that fails when the process is wedged.",
  frameworks = { cis_docker = "5.27" },

  run = function(doc, report)
    local spec = k8s.pod_spec(doc)
    if not spec or not long_running(doc, spec) then return end
    for c, cpath, list in k8s.containers(doc) do
      if list == "containers" and c.livenessProbe == nil then
        report {
          path = cpath,
          container = c.name,
          message = ("container %q has no livenessProbe"):format(c.name or "?"),
          remediation = ("In %s add, for example:\n  livenessProbe:\n    httpGet:\n      path: /healthz\n      port: 8080\n    periodSeconds: 10\n    failureThreshold: 3"):format(cpath),
        }
      end
    end
  end,
}
