-- run-as-user-zero: runAsUser: 0 written explicitly, at pod level or on any
-- container (PSS restricted forbids the value wherever it is set, even when
-- a container overrides a pod-level 0). Windows pods are exempt.
local check = {
  id = "RT-004", name = "run-as-user-zero", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "runAsUser set to 0",
  description = [[
runAsUser: 0 asks for root explicitly and defeats runAsNonRoot; the Pod
Security Standards (restricted) forbid the value at pod and container level.]],
  remediation = "Set runAsUser to a non-zero uid (and runAsNonRoot: true), or remove it to use the image's USER.",
}

local function is_zero(v) return v == 0 or v == "0" end

function check.kubernetes(doc, report)
  if k8s.is_windows(k8s.pod_spec(doc)) then return end
  for s, sc in k8s.security_contexts(doc, report) do
    if sc and is_zero(sc.runAsUser) then
      local at = s.sc .. ".runAsUser"
      s.report {
        path = at, message = s.pod and "sets runAsUser: 0 for every container of the pod" or "sets runAsUser: 0",
        remediation = k8s.set_in(s.sc, "runAsNonRoot: true\nrunAsUser: 10001   # any non-zero uid the image supports"),
        fix = { { path = at, value = 10001 } },
      }
    end
  end
end

return check
