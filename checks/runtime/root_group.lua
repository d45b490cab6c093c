-- root-group: the container's processes or its volumes get gid 0:
-- runAsGroup: 0 (pod or container), fsGroup: 0, or 0 in supplementalGroups.
-- Windows pods are exempt.
local function is_zero(v) return v == 0 or v == "0" end

return {
  id = "RT-005",
  name = "root-group",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Container runs with the root group",
  description = [[
A process in group 0 can read and write every file the root group owns (in the
image and on mounted volumes, which fsGroup: 0 hands to root's group). Use a
non-zero group id.]],
  remediation = "Set runAsGroup and fsGroup to a non-zero gid and remove 0 from supplementalGroups.",
  frameworks = { cis_kubernetes = "5.7.3", nsa_cisa = "Non-root containers" },

  run = function(doc, report)
    local spec, sp = k8s.pod_spec(doc)
    if not spec or k8s.is_windows(spec) then return end
    local psc = type(spec.securityContext) == "table" and spec.securityContext or {}
    local at = sp .. ".securityContext"
    local desc = k8s.describe(doc)
    if is_zero(psc.runAsGroup) then
      report {
        path = at .. ".runAsGroup",
        message = ("%s sets runAsGroup: 0 for every container of the pod"):format(desc),
        remediation = ("In %s set runAsGroup: 10001 (any non-zero gid)."):format(at),
        fix = { { path = at .. ".runAsGroup", value = 10001 } },
      }
    end
    if is_zero(psc.fsGroup) then
      report {
        path = at .. ".fsGroup",
        message = ("%s sets fsGroup: 0: its volumes are owned by the root group"):format(desc),
        remediation = ("In %s set fsGroup: 10001 (any non-zero gid)."):format(at),
        fix = { { path = at .. ".fsGroup", value = 10001 } },
      }
    end
    for i, g in ipairs(type(psc.supplementalGroups) == "table" and psc.supplementalGroups or {}) do
      if is_zero(g) then
        report {
          path = ("%s.supplementalGroups[%d]"):format(at, i - 1),
          message = ("%s adds the root group (0) to supplementalGroups"):format(desc),
          remediation = ("Remove 0 from %s.supplementalGroups."):format(at),
        }
      end
    end
    for c, cpath in k8s.containers(doc) do
      local sc = type(c.securityContext) == "table" and c.securityContext or {}
      if is_zero(sc.runAsGroup) then
        report {
          path = cpath .. ".securityContext.runAsGroup",
          container = c.name,
          message = ("container %q sets runAsGroup: 0"):format(c.name or "?"),
          remediation = ("In %s.securityContext set runAsGroup: 10001 (any non-zero gid)."):format(cpath),
          fix = { { path = cpath .. ".securityContext.runAsGroup", value = 10001 } },
        }
      end
    end
  end,
}
