-- default-service-account: a pod that runs as its namespace's `default`
-- ServiceAccount (serviceAccountName unset or "default") and can use it: its
-- token is not disabled by the pod, nor by that default ServiceAccount when it
-- is in the scan (docs/kubernetes.md explains the choice).
local check = {
  id = "K8S-006", name = "default-service-account", severity = "low", class = "hardening",
  inputs = { "kubernetes" }, kinds = { "ServiceAccount", "workloads" },
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
}

-- The check's remediation, for one workload: format(workload, pod spec path).
local REMEDIATION = "Create a ServiceAccount for %s and use it; in %s set:" .. check.remediation:match("\n.*")

function check.kubernetes_all(docs, report)
  local default_off = {} -- namespace → true when a `default` ServiceAccount there disables the token
  for _, sa in ipairs(docs) do
    if sa.kind == "ServiceAccount" and selectors.metadata(sa).name == "default"
        and sa.automountServiceAccountToken == false then
      default_off[selectors.namespace(sa)] = true
    end
  end
  for d, spec, sp, ns in selectors.workloads(docs) do
    local named, path = selectors.service_account(spec, sp)
    local token = spec.automountServiceAccountToken
    local token_off = token == false or (token == nil and default_off[ns])
    if (named == nil or named == "" or named == "default") and not token_off then
      report {
        doc = d, path = path,
        message = ("%s runs as the default ServiceAccount of %s%s"):format(k8s.describe(d),
          selectors.describe_ns(ns), named == nil and " (no serviceAccountName)" or ""),
        remediation = REMEDIATION:format(k8s.describe(d), sp),
      }
    end
  end
end

return check
