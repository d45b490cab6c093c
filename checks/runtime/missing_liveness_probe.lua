-- missing-liveness-probe: a long-running container without livenessProbe.
-- Only regular containers of long-running workloads: not Jobs, CronJobs or
-- Pods that run to completion (restartPolicy Never / OnFailure), not init or
-- ephemeral containers.
local check = {
  id = "RT-033", name = "missing-liveness-probe", severity = "low",
  inputs = { "kubernetes" }, kinds = "workloads",
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

return check
