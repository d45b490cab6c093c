-- missing-readiness-probe: a serving container (one that declares ports) of
-- a long-running workload without readinessProbe. Not Jobs, CronJobs or Pods
-- that run to completion, not init or ephemeral containers.
local function long_running(doc, spec)
  if doc.kind == "Job" or doc.kind == "CronJob" then return false end
  local rp = spec.restartPolicy
  return rp == nil or rp == "Always"
end

return {
  id = "RT-034",
  name = "missing-readiness-probe",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "No readiness probe",
  description = [[
Without a readiness probe a pod receives traffic as soon as its container
starts, before the server listens or while it is overloaded or shutting down:
clients get errors at every rollout and restart.]],
  remediation = "Add a readinessProbe (httpGet, tcpSocket, grpc or exec) that succeeds only when the container can serve.",
  frameworks = { cis_docker = "5.27" },

  run = function(doc, report)
    local spec = k8s.pod_spec(doc)
    if not spec or not long_running(doc, spec) then return end
    for c, cpath, list in k8s.containers(doc) do
      if list == "containers" and type(c.ports) == "table" and #c.ports > 0 and c.readinessProbe == nil then
        local port = type(c.ports[1]) == "table" and c.ports[1].containerPort or 8080
        report {
          path = cpath,
          container = c.name,
          message = ("container %q serves on ports but has no readinessProbe"):format(c.name or "?"),
          remediation = ("In %s add, for example:\n  readinessProbe:\n    tcpSocket:\n      port: %s\n    periodSeconds: 5"):format(cpath, tostring(port)),
        }
      end
    end
  end,
}
