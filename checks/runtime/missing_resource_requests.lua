-- missing-resource-requests: a container without a cpu or memory request.
-- A limit without a request is not a finding: Kubernetes then defaults the
-- request to the limit. Regular and init containers (ephemeral containers
-- cannot have resources).
return {
  id = "RT-030",
  name = "missing-resource-requests",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "No CPU or memory request",
  description = [[
Without requests the scheduler places a pod as if it needed nothing: nodes get
overcommitted, and under pressure the pod is the first evicted (BestEffort
class). Requests are also what quotas and autoscalers count.]],
  remediation = "Set resources.requests.cpu and resources.requests.memory to what the container uses under normal load.",
  frameworks = { nsa_cisa = "Resource policies" },

  run = function(doc, report)
    for c, cpath, list in k8s.containers(doc) do
      if list ~= "ephemeralContainers" then
        local res = type(c.resources) == "table" and c.resources or {}
        local req = type(res.requests) == "table" and res.requests or {}
        local lim = type(res.limits) == "table" and res.limits or {}
        local missing = {}
        for _, r in ipairs({ "cpu", "memory" }) do
          if req[r] == nil and lim[r] == nil then missing[#missing + 1] = r end
        end
        if #missing > 0 then
          local at = cpath
          if type(c.resources) == "table" then
            at = at .. ".resources"
            if type(res.requests) == "table" then at = at .. ".requests" end
          end
          local lines = {}
          for _, r in ipairs(missing) do lines[#lines + 1] = ("      %s: %s"):format(r, r == "cpu" and "100m" or "128Mi") end
          report {
            path = at,
            container = c.name,
            message = ("container %q has no %s request"):format(c.name or "?", table.concat(missing, " or ")),
            remediation = ("In %s set:\n  resources:\n    requests:\n%s"):format(cpath, table.concat(lines, "\n")),
          }
        end
      end
    end
  end,
}
