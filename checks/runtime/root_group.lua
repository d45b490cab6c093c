-- root-group: the container's processes or its volumes get gid 0:
-- runAsGroup: 0 (pod or container), fsGroup: 0, or 0 in supplementalGroups.
-- Windows pods are exempt.
local check = {
  id = "RT-005", name = "root-group", severity = "low", class = "risk",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Container runs with the root group",
  description = [[
A process in group 0 can read and write every file the root group owns (in the
image and on mounted volumes, which fsGroup: 0 hands to root's group). Use a
non-zero group id.]],
  remediation = "Set runAsGroup and fsGroup to a non-zero gid and remove 0 from supplementalGroups.",
}

local function is_zero(v) return v == 0 or v == "0" end

-- Subject s sets <field> (runAsGroup, fsGroup) to 0; `what` ends the message.
local function zero_gid(s, sc, field, what)
  if is_zero(sc[field]) then
    local at = s.sc .. "." .. field
    s.report {
      path = at, message = ("sets %s: 0%s"):format(field, what),
      remediation = ("In %s set %s: 10001 (any non-zero gid)."):format(s.sc, field),
      fix = { { path = at, value = 10001 } },
    }
  end
end

function check.kubernetes(doc, report)
  if k8s.is_windows(k8s.pod_spec(doc)) then return end
  for s, sc in k8s.security_contexts(doc, report) do
    sc = sc or {}
    zero_gid(s, sc, "runAsGroup", s.pod and " for every container of the pod" or "")
    if s.pod then
      zero_gid(s, sc, "fsGroup", ": its volumes are owned by the root group")
      for g, at in k8s.list(sc, "supplementalGroups", s.sc) do
        if is_zero(g) then
          s.report {
            path = at, message = "adds the root group (0) to supplementalGroups",
            remediation = ("Remove 0 from %s.supplementalGroups."):format(s.sc),
          }
        end
      end
    end
  end
end

return check
