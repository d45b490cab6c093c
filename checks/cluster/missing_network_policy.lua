-- missing-network-policy: a workload whose pods no NetworkPolicy of the scan
-- selects, so they accept traffic from, and send it to, anywhere.
-- Cross-document: NetworkPolicies (networking.k8s.io) are matched against the
-- pod template labels of each workload in the same namespace (see
-- docs/kubernetes.md for how namespaces are resolved).
local check = {
  id = "K8S-001",
  name = "missing-network-policy",
  severity = "medium",
  inputs = { "kubernetes" },
  kinds = { "NetworkPolicy", "Pod", "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet",
            "ReplicationController", "Job", "CronJob", "PodTemplate" },
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
  frameworks = { cis_kubernetes = "5.3.2", nsa_cisa = "Network separation" },
}

function check.kubernetes_all(docs, report)
  -- namespace → list of pod selectors of its NetworkPolicies
  local policies = {}
  for _, d in ipairs(docs) do
    if d.kind == "NetworkPolicy" and type(d.apiVersion) == "string"
        and d.apiVersion:match("^networking%.k8s%.io/") then
      local ns = selectors.namespace(d)
      local spec = type(d.spec) == "table" and d.spec or {}
      -- podSelector is required; an absent one is read as {} like the API
      -- server defaults it.
      local list = policies[ns] or {}
      list[#list + 1] = spec.podSelector or {}
      policies[ns] = list
    end
  end
  for _, d in ipairs(docs) do
    if d.kind ~= "NetworkPolicy" and k8s.pod_spec(d) then
      local ns = selectors.namespace(d)
      local labels = selectors.pod_labels(d)
      local selected = false
      for _, sel in ipairs(policies[ns] or {}) do
        if selectors.matches(sel, labels) then selected = true break end
      end
      if not selected then
        local n = #(policies[ns] or {})
        local name = type(d.metadata) == "table" and d.metadata.name or "?"
        report {
          doc = d,
          path = selectors.object_path(d),
          message = n == 0
            and ("%s in %s: no NetworkPolicy in the scan covers that namespace, so its pods accept all traffic"):format(k8s.describe(d), selectors.describe_ns(ns))
            or ("%s in %s: %s of that namespace selects its pod labels, so its pods accept all traffic"):format(k8s.describe(d), selectors.describe_ns(ns),
              n == 1 and "no NetworkPolicy" or ("none of the %d NetworkPolicies"):format(n)),
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
            k8s.describe(d), tostring(name), ns ~= selectors.UNKNOWN and ("    namespace: %s\n"):format(ns) or "",
            selectors.labels_yaml(labels, "        ")),
        }
      end
    end
  end
end

return check
