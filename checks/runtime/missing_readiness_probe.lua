-- missing-readiness-probe: a serving container (one that declares ports) of
-- a long-running workload without readinessProbe. Not Jobs, CronJobs or Pods
-- that run to completion, not init or ephemeral containers.
local check = {
  id = "RT-034", name = "missing-readiness-probe", severity = "low", class = "hardening",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "No readiness probe",
  description = [[
Without a readiness probe a pod receives traffic as soon as its container
starts, before the server listens or while it is overloaded or shutting down:
clients get errors at every rollout and restart.]],
  remediation = "Add a readinessProbe (httpGet, tcpSocket, grpc or exec) that succeeds only when the container can serve.",
}

function check.kubernetes(doc, report)
  if not k8s.long_running(doc) then return end
  for c, ct in k8s.each_container(doc, report) do
    local serves = type(c.ports) == "table" and #c.ports > 0
    if ct.list == "containers" and serves and c.readinessProbe == nil then
      local port = type(c.ports[1]) == "table" and c.ports[1].containerPort or 8080
      ct.report {
        path = ct.path, message = "serves on ports but has no readinessProbe",
        remediation = ("In %s add, for example:\n  readinessProbe:\n    tcpSocket:\n      port: %s\n    periodSeconds: 5"):format(ct.path, tostring(port)),
      }
    end
  end
end

return check
