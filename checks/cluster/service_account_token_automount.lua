-- service-account-token-automount: a pod gets an API token mounted. The pod's
-- automountServiceAccountToken wins; otherwise the ServiceAccount it runs as
-- decides when that ServiceAccount is in the scan (same namespace); when it is
-- not, Kubernetes' default applies: the token is mounted.
local check = {
  id = "K8S-005", name = "service-account-token-automount", severity = "medium", class = "hardening",
  inputs = { "kubernetes" }, kinds = { "ServiceAccount", "workloads" },
  supersedes = { "default-service-account" },
  title = "Service account token mounted into the pod",
  description = [[
By default every pod gets a token for its ServiceAccount mounted at
/var/run/secrets/kubernetes.io/serviceaccount. Anyone who compromises a
container can use it against the API server with every permission bound to
that ServiceAccount. Pods that do not call the Kubernetes API should not carry
a token.]],
  remediation = "Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount), and mount a projected token only where the pod calls the API.",
}

function check.kubernetes_all(docs, report)
  local accounts = selectors.service_accounts(docs)
  for d, spec, sp, ns in selectors.workloads(docs) do
    local what, at = k8s.describe(d), sp .. ".automountServiceAccountToken"
    local rem = ("In %s set:\n  automountServiceAccountToken: false"):format(sp)
    local fix = { { path = at, value = false } }
    local pod = spec.automountServiceAccountToken
    local saname = tostring(selectors.service_account(spec, sp) or "default")
    local sa = accounts[ns] and accounts[ns][saname] -- nil: not in the scan
    if pod == true then
      report {
        doc = d, path = at,
        message = ("%s sets automountServiceAccountToken: true, so its containers get an API token"):format(what),
        remediation = rem .. "\nunless the pod calls the Kubernetes API.", fix = fix,
      }
    elseif pod == false then -- the pod opts out, whatever its ServiceAccount says
    elseif not sa then
      report {
        doc = d, path = sp,
        message = ("%s does not set automountServiceAccountToken: false and its ServiceAccount %q is not in the scan, so Kubernetes mounts its token by default"):format(what, saname),
        remediation = rem .. ("\nor set it on ServiceAccount %s."):format(saname), fix = fix,
      }
    elseif sa.automountServiceAccountToken ~= false then
      report {
        doc = d, path = sp,
        message = ("%s does not set automountServiceAccountToken: false and its ServiceAccount %q %s, so its token is mounted"):format(
          what, saname, sa.automountServiceAccountToken == true and "sets it to true" or "does not disable it"),
        remediation = rem .. ("\nor in ServiceAccount %s set:\n  automountServiceAccountToken: false"):format(saname), fix = fix,
      }
    end
  end
end

return check
