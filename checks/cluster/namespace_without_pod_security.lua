-- namespace-without-pod-security: a Namespace that Pod Security Admission
-- does not enforce baseline or restricted on.
local LABEL = "pod-security.kubernetes.io/enforce"
local good = { baseline = true, restricted = true }

local check = {
  id = "K8S-002",
  name = "namespace-without-pod-security",
  severity = "medium",
  inputs = { "kubernetes" },
  kinds = { "Namespace" },
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
  frameworks = { cis_kubernetes = "5.2.1", nsa_cisa = "Pod security" },
}

function check.kubernetes(doc, report)
  local md = type(doc.metadata) == "table" and doc.metadata or nil
  local labels = md and type(md.labels) == "table" and md.labels or nil
  local v = labels and labels[LABEL]
  local name = md and md.name or "?"
  local fix_yaml = ("In Namespace %s set:\n  metadata:\n    labels:\n      %s: restricted   # or baseline"):format(name, LABEL)
  if v == nil then
    report {
      path = labels and "metadata.labels" or (md and "metadata" or "kind"),
      message = ("Namespace %s has no %s label: no Pod Security Standard is enforced on its pods"):format(name, LABEL),
      remediation = fix_yaml,
      fix = { { path = "metadata.labels" .. k8s.key(LABEL), value = "restricted" } },
    }
  elseif not good[v] then
    report {
      path = "metadata.labels" .. k8s.key(LABEL),
      message = ("Namespace %s enforces Pod Security level %q: only baseline or restricted stop privileged pods"):format(name, tostring(v)),
      remediation = fix_yaml,
      fix = { { path = "metadata.labels" .. k8s.key(LABEL), value = "restricted" } },
    }
  end
end

return check
