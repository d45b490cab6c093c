-- service-account-token-automount: a pod gets an API token mounted. The pod's
-- automountServiceAccountToken wins; otherwise the ServiceAccount it runs as
-- decides when that ServiceAccount is in the scan (same namespace); when it is
-- not, Kubernetes' default applies: the token is mounted.
local check = {
  id = "K8S-005",
  name = "service-account-token-automount",
  severity = "medium",
  inputs = { "kubernetes" },
  kinds = { "ServiceAccount", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "ReplicationController", "Job", "CronJob", "PodTemplate" },
  title = "Service account token mounted into the pod",
  description = [[
By default every pod gets a token for its ServiceAccount mounted at
/var/run/secrets/kubernetes.io/serviceaccount. Anyone who compromises a
container can use it against the API server with every permission bound to
that ServiceAccount. Pods that do not call the Kubernetes API should not carry
a token.]],
  remediation = "Set automountServiceAccountToken: false in the pod spec (or on its ServiceAccount), and mount a projected token only where the pod calls the API.",
  frameworks = { cis_kubernetes = "5.1.6", nsa_cisa = "Pod security" },
}

function check.kubernetes_all(docs, report)
  local sas = {} -- namespace → name → ServiceAccount doc
  for _, d in ipairs(docs) do
    if d.kind == "ServiceAccount" and type(d.metadata) == "table" and type(d.metadata.name) == "string" then
      local ns = selectors.namespace(d)
      sas[ns] = sas[ns] or {}
      sas[ns][d.metadata.name] = d
    end
  end
  for _, d in ipairs(docs) do
    local spec, sp = k8s.pod_spec(d)
    if spec and d.kind ~= "ServiceAccount" then
      local what = k8s.describe(d)
      local rem = ("In %s set:\n  automountServiceAccountToken: false"):format(sp)
      local fix = { { path = sp .. ".automountServiceAccountToken", value = false } }
      local pod = spec.automountServiceAccountToken
      if pod == true then
        report {
          doc = d, path = sp .. ".automountServiceAccountToken",
          message = ("%s sets automountServiceAccountToken: true, so its containers get an API token"):format(what),
          remediation = rem .. "\nunless the pod calls the Kubernetes API.", fix = fix,
        }
      elseif pod ~= false then
        local ns = selectors.namespace(d)
        local saname = spec.serviceAccountName or spec.serviceAccount or "default"
        saname = tostring(saname)
        local sa = sas[ns] and sas[ns][saname]
        if not sa then
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
  end
end

return check
