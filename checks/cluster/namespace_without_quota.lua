-- namespace-without-quota: a Namespace of the scan that holds workloads but
-- no ResourceQuota or LimitRange in the scan. Workloads count for a Namespace
-- only when their metadata.namespace names it (docs/kubernetes.md).
local check = {
  id = "K8S-003", name = "namespace-without-quota", severity = "low", class = "hardening",
  inputs = { "kubernetes" }, kinds = { "Namespace", "ResourceQuota", "LimitRange", "workloads" },
  title = "Namespace with workloads but no ResourceQuota or LimitRange",
  description = [[
Without a ResourceQuota a namespace can consume the whole cluster's CPU,
memory, storage and object counts; without a LimitRange its containers get no
default requests and limits. One runaway or compromised workload then starves
every other tenant of the nodes.]],
  remediation = [=[
Add a ResourceQuota (and a LimitRange for defaults) to the namespace:
  apiVersion: v1
  kind: ResourceQuota
  metadata:
    name: compute
    namespace: <namespace>
  spec:
    hard:
      requests.cpu: "4"
      requests.memory: 8Gi
      limits.cpu: "8"
      limits.memory: 16Gi
      pods: "50"]=],
}

-- The check's remediation, for one namespace: format(ns, ns).
local REMEDIATION = "Add to the scan a ResourceQuota for namespace %s (and a LimitRange for defaults):"
  .. check.remediation:match("\n.*"):gsub("<namespace>", "%%s")

-- What the scan keeps of each document (check.kubernetes_all reads these,
-- not the documents): the namespace a ResourceQuota or LimitRange limits, a
-- workload's namespace, or a Namespace object and where it stands.
function check.kubernetes_facts(d, place)
  local ns = selectors.namespace(d)
  if d.kind == "ResourceQuota" or d.kind == "LimitRange" then return { limited = ns } end
  if k8s.pod_spec(d) then return { workload = ns } end
  if d.kind == "Namespace" and ns ~= selectors.UNKNOWN then
    return { namespace = ns, path = place(selectors.object_path(d)) }
  end
  return nil
end

function check.kubernetes_all(docs, report)
  local workloads, limited = {}, {}
  for _, f in ipairs(docs) do
    if f.limited then limited[f.limited] = true end
    if f.workload then workloads[f.workload] = (workloads[f.workload] or 0) + 1 end
  end
  for _, f in ipairs(docs) do
    local ns = f.namespace
    if ns and workloads[ns] and not limited[ns] then
      report {
        doc = f,
        path = f.path,
        message = ("Namespace %s holds %d workload(s) in the scan but no ResourceQuota or LimitRange"):format(ns, workloads[ns]),
        remediation = REMEDIATION:format(ns, ns),
      }
    end
  end
end

return check
