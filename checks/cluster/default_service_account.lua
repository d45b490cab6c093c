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

-- What the scan keeps of each document (check.kubernetes_all reads these,
-- not the documents): a `default` ServiceAccount that disables the token, or
-- a pod that may use its namespace's default ServiceAccount.
function check.kubernetes_facts(d, place)
  if d.kind == "ServiceAccount" then
    if selectors.metadata(d).name == "default" and d.automountServiceAccountToken == false then
      return { default_off = selectors.namespace(d) }
    end
    return nil
  end
  local spec, sp = k8s.pod_spec(d)
  if not spec then return nil end
  local named, path = selectors.service_account(spec, sp)
  local token = spec.automountServiceAccountToken
  if token == false or not (named == nil or named == "" or named == "default") then return nil end
  return {
    ns = selectors.namespace(d), path = place(path), what = k8s.describe(d), sp = sp,
    unnamed = named == nil, token_set = token ~= nil,
  }
end

function check.kubernetes_all(docs, report)
  local default_off = {} -- namespace → true when a `default` ServiceAccount there disables the token
  for _, f in ipairs(docs) do
    if f.default_off then default_off[f.default_off] = true end
  end
  for _, f in ipairs(docs) do
    if f.path and (f.token_set or not default_off[f.ns]) then
      report {
        doc = f, path = f.path,
        message = ("%s runs as the default ServiceAccount of %s%s"):format(f.what,
          selectors.describe_ns(f.ns), f.unnamed and " (no serviceAccountName)" or ""),
        remediation = REMEDIATION:format(f.what, f.sp),
      }
    end
  end
end

return check
