-- namespace-without-pod-security: a Namespace that Pod Security Admission
-- does not enforce baseline or restricted on.
local check = {
  id = "K8S-002", name = "namespace-without-pod-security", severity = "medium", class = "hardening",
  inputs = { "kubernetes" }, kinds = { "Namespace" },
  title = "Namespace without an enforced Pod Security Standard",
  description = [[
Pod Security Admission rejects pods that break the Pod Security Standard named
by the namespace label pod-security.kubernetes.io/enforce. Without it (or with
`privileged`), nothing stops a pod in the namespace from running privileged,
sharing the host namespaces or mounting the host filesystem, unless another
admission controller does.]],
  remediation = [[
Label the namespace:
  metadata:
    labels:
      pod-security.kubernetes.io/enforce: restricted   # or baseline
      pod-security.kubernetes.io/enforce-version: latest]],
}

local LABEL = "pod-security.kubernetes.io/enforce"
local good = { baseline = true, restricted = true }
local LABEL_PATH = "metadata.labels" .. k8s.key(LABEL)

function check.kubernetes(doc, report)
  local md = selectors.metadata(doc)
  local labels = type(md.labels) == "table" and md.labels or nil
  local v, name = labels and labels[LABEL], md.name or "?"
  local path, message
  if v == nil then
    path = labels and "metadata.labels" or selectors.object_path(doc)
    message = ("Namespace %s has no %s label: no Pod Security Standard is enforced on its pods"):format(name, LABEL)
  elseif not good[v] then
    path = LABEL_PATH
    message = ("Namespace %s enforces Pod Security level %q: only baseline or restricted stop privileged pods"):format(name, tostring(v))
  else
    return
  end
  report {
    path = path,
    message = message,
    remediation = ("In Namespace %s set:\n  metadata:\n    labels:\n      %s: restricted   # or baseline"):format(name, LABEL),
    fix = { { path = LABEL_PATH, value = "restricted" } },
  }
end

return check
