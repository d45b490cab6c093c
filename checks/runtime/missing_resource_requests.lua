-- missing-resource-requests: a container without a cpu or memory request.
-- A limit without a request is not a finding: Kubernetes then defaults the
-- request to the limit. Regular and init containers (ephemeral containers
-- cannot have resources).
local check = {
  id = "RT-030", name = "missing-resource-requests", severity = "low", class = "hardening",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "No CPU or memory request",
  description = [[
Without requests the scheduler places a pod as if it needed nothing: nodes get
overcommitted, and under pressure the pod is the first evicted (BestEffort
class). Requests are also what quotas and autoscalers count.]],
  remediation = "Set resources.requests.cpu and resources.requests.memory to what the container uses under normal load (the 100m and 128Mi in each finding's fix are placeholders).",
}

local example = { cpu = "100m", memory = "128Mi" }

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do
    if ct.list ~= "ephemeralContainers" then
      local missing, lines, fix = {}, {}, {}
      for _, r in ipairs({ "cpu", "memory" }) do
        if k8s.dig(c, "resources.requests." .. r) == nil and k8s.dig(c, "resources.limits." .. r) == nil then
          missing[#missing + 1] = r
          lines[#lines + 1] = ("    %s: %s"):format(r, example[r])
          fix[#fix + 1] = k8s.edit(ct.path .. ".resources.requests." .. r, example[r])
        end
      end
      if #missing > 0 then
        ct.report {
          path = k8s.deepest(c, ct.path, "resources.requests"),
          message = ("has no %s request"):format(table.concat(missing, " or ")),
          remediation = k8s.set_in(ct.path, "resources:\n  requests:\n" .. table.concat(lines, "\n")),
          fix = fix,
        }
      end
    end
  end
end

return check
