-- missing-network-policy: a workload whose pods no NetworkPolicy of the scan
-- selects, so they accept traffic from, and send it to, anywhere.
-- Cross-document: NetworkPolicies (networking.k8s.io) are matched against the
-- pod template labels of each workload in the same namespace (see
-- docs/kubernetes.md for how namespaces are resolved).
local check = {
  id = "K8S-001", name = "missing-network-policy", severity = "medium",
  inputs = { "kubernetes" }, kinds = { "NetworkPolicy", "workloads" },
  title = "Workload not selected by any NetworkPolicy",
  description = [[
Kubernetes pods are non-isolated by default: any pod in the cluster (and,
through a Service of type LoadBalancer or NodePort, anything outside it) can
reach them, and they can reach every other pod and the cloud metadata service.
A NetworkPolicy that selects a pod makes it deny by default and allow only the
traffic the policy lists. A workload that no NetworkPolicy in its namespace
selects is reachable by a compromised neighbour.]],
  remediation = [=[
Add a default-deny NetworkPolicy to the namespace, then allow the traffic the
workload needs:
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: default-deny
    namespace: <namespace>
  spec:
    podSelector: {}
    policyTypes: [Ingress, Egress]]=],
}

-- What the scan keeps of each document (check.kubernetes_all reads these,
-- not the documents): a NetworkPolicy's namespace and pod selector
-- (networking.k8s.io only; podSelector is required, an absent one is read as
-- {} like the API server defaults it), or a workload's namespace, pod labels
-- and what its finding would say.
function check.kubernetes_facts(d, place)
  if d.kind == "NetworkPolicy" then
    if type(d.apiVersion) == "string" and d.apiVersion:match("^networking%.k8s%.io/") then
      local spec = type(d.spec) == "table" and d.spec or {}
      return { policy = selectors.namespace(d), selector = spec.podSelector or {} }
    end
    return nil
  end
  if not k8s.pod_spec(d) then return nil end
  return {
    ns = selectors.namespace(d), labels = selectors.pod_labels(d), what = k8s.describe(d),
    name = tostring(selectors.metadata(d).name or "?"), path = place(selectors.object_path(d)),
  }
end

-- namespace → pod selectors of its NetworkPolicies.
local function policies_by_namespace(docs)
  local policies = {}
  for _, f in ipairs(docs) do
    if f.policy then
      policies[f.policy] = policies[f.policy] or {}
      table.insert(policies[f.policy], f.selector)
    end
  end
  return policies
end

function check.kubernetes_all(docs, report)
  local policies = policies_by_namespace(docs)
  for _, d in ipairs(docs) do
    local ns, labels, sels, selected = d.ns, d.labels, d.path and policies[d.ns] or {}, not d.path
    for _, sel in ipairs(sels) do selected = selected or selectors.matches(sel, labels) end
    if not selected then
      report {
        doc = d,
        path = d.path,
        message = #sels == 0
          and ("%s in %s: no NetworkPolicy in the scan covers that namespace, so its pods accept all traffic"):format(d.what, selectors.describe_ns(ns))
          or ("%s in %s: %s of that namespace selects its pod labels, so its pods accept all traffic"):format(d.what, selectors.describe_ns(ns),
            #sels == 1 and "no NetworkPolicy" or ("none of the %d NetworkPolicies"):format(#sels)),
        remediation = ([=[
Add a NetworkPolicy selecting the pods of %s (or a default-deny one with
podSelector: {}) in the same namespace:
  apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata:
    name: %s
%s  spec:
    podSelector:
      matchLabels:%s
    policyTypes: [Ingress, Egress]
    ingress: [...]   # only the sources it must accept]=]):format(
          d.what, d.name, ns ~= selectors.UNKNOWN and ("    namespace: %s\n"):format(ns) or "",
          selectors.labels_yaml(labels, "        ")),
      }
    end
  end
end

return check
