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

-- What the scan keeps of each document (check.kubernetes_all reads these,
-- not the documents): a ServiceAccount's token setting, or a pod that does
-- not opt out of the token itself.
function check.kubernetes_facts(d, place)
  if d.kind == "ServiceAccount" then
    local name = selectors.metadata(d).name
    if type(name) ~= "string" then return nil end
    local auto = d.automountServiceAccountToken
    return { sa = name, ns = selectors.namespace(d), auto = auto == true and "true" or auto == false and "false" or "unset" }
  end
  local spec, sp = k8s.pod_spec(d)
  if not spec then return nil end
  local pod = spec.automountServiceAccountToken
  if pod == false then return nil end -- the pod opts out, whatever its ServiceAccount says
  local at = sp .. ".automountServiceAccountToken"
  return {
    ns = selectors.namespace(d), what = k8s.describe(d), sp = sp, at = at, pod_true = pod == true,
    saname = tostring(selectors.service_account(spec, sp) or "default"),
    path = place(pod == true and at or sp),
  }
end

function check.kubernetes_all(docs, report)
  local accounts = {} -- namespace → name → its token setting (a later one of the same name wins)
  for _, f in ipairs(docs) do
    if f.sa then
      accounts[f.ns] = accounts[f.ns] or {}
      accounts[f.ns][f.sa] = f.auto
    end
  end
  for _, f in ipairs(docs) do
    if f.path then
      local rem = ("In %s set:\n  automountServiceAccountToken: false"):format(f.sp)
      local fix = { { path = f.at, value = false } }
      local sa = accounts[f.ns] and accounts[f.ns][f.saname] -- nil: not in the scan
      if f.pod_true then
        report {
          doc = f, path = f.path,
          message = ("%s sets automountServiceAccountToken: true, so its containers get an API token"):format(f.what),
          remediation = rem .. "\nunless the pod calls the Kubernetes API.", fix = fix,
        }
      elseif not sa then
        report {
          doc = f, path = f.path,
          message = ("%s does not set automountServiceAccountToken: false and its ServiceAccount %q is not in the scan, so Kubernetes mounts its token by default"):format(f.what, f.saname),
          remediation = rem .. ("\nor set it on ServiceAccount %s."):format(f.saname), fix = fix,
        }
      elseif sa ~= "false" then
        report {
          doc = f, path = f.path,
          message = ("%s does not set automountServiceAccountToken: false and its ServiceAccount %q %s, so its token is mounted"):format(
            f.what, f.saname, sa == "true" and "sets it to true" or "does not disable it"),
          remediation = rem .. ("\nor in ServiceAccount %s set:\n  automountServiceAccountToken: false"):format(f.saname), fix = fix,
        }
      end
    end
  end
end

return check
