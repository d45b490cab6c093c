-- default-service-account: a pod that runs as its namespace's `default`
-- ServiceAccount (serviceAccountName unset or "default") and can use it: its
-- token is not disabled by the pod, nor by that default ServiceAccount when it
-- is in the scan (docs/kubernetes.md explains the choice).
local check = {
  id = "K8S-006",
  name = "default-service-account",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = { "ServiceAccount", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "ReplicationController", "Job", "CronJob", "PodTemplate" },
  title = "Pod runs as the default ServiceAccount",
  description = [[
Every pod that names no ServiceAccount runs as its namespace's `default` one.
Permissions granted to `default` (by a careless RoleBinding, or by a tool that
needed "some" account) then reach every such pod, and the API audit log cannot
tell the workloads apart. Give each workload its own ServiceAccount, bound only
to what it needs.]],
  remediation = [[
Create a ServiceAccount for the workload and name it in the pod spec:
  serviceAccountName: <app>
  automountServiceAccountToken: false   # unless the pod calls the API]],
  frameworks = { cis_kubernetes = "5.1.5" },
}

function check.kubernetes_all(docs, report)
  local default_off = {} -- namespace → true when its `default` SA disables the token
  for _, d in ipairs(docs) do
    if d.kind == "ServiceAccount" and type(d.metadata) == "table" and d.metadata.name == "default"
        and d.automountServiceAccountToken == false then
      default_off[selectors.namespace(d)] = true
    end
  end
  for _, d in ipairs(docs) do
    local spec, sp = k8s.pod_spec(d)
    if spec and d.kind ~= "ServiceAccount" then
      local named = spec.serviceAccountName or spec.serviceAccount
      local path = (spec.serviceAccountName ~= nil and sp .. ".serviceAccountName")
        or (spec.serviceAccount ~= nil and sp .. ".serviceAccount") or sp
      local token_off = spec.automountServiceAccountToken == false
        or (spec.automountServiceAccountToken == nil and default_off[selectors.namespace(d)])
      if (named == nil or named == "" or named == "default") and not token_off then
        report {
          doc = d, path = path,
          message = ("%s runs as the default ServiceAccount of %s%s"):format(k8s.describe(d),
            selectors.describe_ns(selectors.namespace(d)), named == nil and " (no serviceAccountName)" or ""),
          remediation = ([[
Create a ServiceAccount for %s and use it; in %s set:
  serviceAccountName: <app>
  automountServiceAccountToken: false   # unless the pod calls the API]]):format(k8s.describe(d), sp),
        }
      end
    end
  end
end

return check
