-- run-as-user-zero: runAsUser: 0 written explicitly, at pod level or on any
-- container (PSS restricted forbids the value wherever it is set, even when
-- a container overrides a pod-level 0). Windows pods are exempt.
local function is_zero(v) return v == 0 or v == "0" end

return {
  id = "RT-004",
  name = "run-as-user-zero",
  severity = "high",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "runAsUser set to 0",
  description = [[
runAsUser: 0 asks for root explicitly and defeats runAsNonRoot; the Pod
Security Standards (restricted) forbid the value at pod and container level.]],
  remediation = "Set runAsUser to a non-zero uid (and runAsNonRoot: true), or remove it to use the image's USER.",
  frameworks = { cis_kubernetes = "5.2.7", pss = "restricted", nsa_cisa = "Non-root containers" },

  run = function(doc, report)
    local spec, sp = k8s.pod_spec(doc)
    if not spec or k8s.is_windows(spec) then return end
    local psc = type(spec.securityContext) == "table" and spec.securityContext or {}
    if is_zero(psc.runAsUser) then
      report {
        path = sp .. ".securityContext.runAsUser",
        message = ("%s sets runAsUser: 0 for every container of the pod"):format(k8s.describe(doc)),
        remediation = ("In %s.securityContext set:\n  runAsNonRoot: true\n  runAsUser: 10001   # any non-zero uid the image supports"):format(sp),
        fix = { { path = sp .. ".securityContext.runAsUser", value = 10001 } },
      }
    end
    for c, cpath in k8s.containers(doc) do
      local sc = type(c.securityContext) == "table" and c.securityContext or {}
      if is_zero(sc.runAsUser) then
        report {
          path = cpath .. ".securityContext.runAsUser",
          container = c.name,
          message = ("container %q sets runAsUser: 0"):format(c.name or "?"),
          remediation = ("In %s.securityContext set:\n  runAsNonRoot: true\n  runAsUser: 10001   # any non-zero uid the image supports"):format(cpath),
          fix = { { path = cpath .. ".securityContext.runAsUser", value = 10001 } },
        }
      end
    end
  end,
}
