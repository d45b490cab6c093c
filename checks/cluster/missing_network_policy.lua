-- missing-network-policy: a workload whose pods no NetworkPolicy of the scan
-- selects, so they accept traffic from, and send it to, anywhere.
-- Cross-document: NetworkPolicies (networking.k8s.io), Cilium's
-- (CiliumNetworkPolicy, CiliumClusterwideNetworkPolicy: endpointSelector) and
-- Calico's (NetworkPolicy, GlobalNetworkPolicy: selector) are matched against the
-- pod template labels of each workload in the same namespace (see
-- docs/kubernetes.md for how namespaces are resolved).
local check = {
  id = "K8S-001", name = "missing-network-policy", severity = "medium", class = "hardening",
  inputs = { "kubernetes" }, kinds = { "NetworkPolicy", "CiliumNetworkPolicy", "CiliumClusterwideNetworkPolicy", "GlobalNetworkPolicy", "workloads" },
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

-- namespace → pod selectors of its NetworkPolicies (networking.k8s.io only).
-- podSelector is required; an absent one is read as {} like the API server
-- defaults it.
-- Cilium label keys carry a source prefix ("k8s:app", "any:app"); the pod's
-- namespace is the label io.kubernetes.pod.namespace. A Cilium selector as a
-- matcher of (labels, ns).
local NS_LABEL = "io.kubernetes.pod.namespace"
local function cilium_matcher(sel)
  if type(sel) ~= "table" then return nil end
  local plain, want_ns = { matchLabels = {}, matchExpressions = {} }, nil
  for k, v in pairs(type(sel.matchLabels) == "table" and sel.matchLabels or {}) do
    local key = tostring(k):gsub("^%w+:", "")
    if key == NS_LABEL then want_ns = tostring(v) else plain.matchLabels[key] = v end
  end
  for _, e in ipairs(type(sel.matchExpressions) == "table" and sel.matchExpressions or {}) do
    if type(e) == "table" then
      plain.matchExpressions[#plain.matchExpressions + 1] = { key = type(e.key) == "string" and e.key:gsub("^%w+:", "") or e.key,
        operator = e.operator, values = e.values }
    end
  end
  return function(labels, ns)
    if want_ns and ns ~= selectors.UNKNOWN and want_ns ~= ns then return false end
    return selectors.matches(plain, labels)
  end
end

-- A Calico selector expression ("app == 'web' && has(tier)", "all()") as a
-- matcher of labels. Terms joined by &&: k == 'v', k != 'v', has(k), !has(k),
-- k in {'a', 'b'}, k not in {…}, all(). An expression it cannot read (||,
-- parentheses) is taken to select: no false alarm from a policy it cannot read.
local function calico_term(t)
  t = t:gsub("^%s+", ""):gsub("%s+$", "")
  if t == "" or t == "all()" then return function() return true end end
  local neg, hk = t:match("^(!?)%s*has%(%s*([%w%._/%-]+)%s*%)$")
  if hk then return function(l) return (l[hk] ~= nil) == (neg == "") end end
  local k, op, v = t:match("^([%w%._/%-]+)%s*([=!]=)%s*['\"]([^'\"]*)['\"]$")
  if k then return function(l) return (tostring(l[k]) == v) == (op == "==") end end
  local ik, nt, set = t:match("^([%w%._/%-]+)%s+(n?o?t?%s*)in%s*{(.*)}$")
  if ik then
    local vals = {}
    for x in set:gmatch("['\"]([^'\"]*)['\"]") do vals[x] = true end
    local want = nt:match("not") == nil
    return function(l) return (l[ik] ~= nil and vals[tostring(l[ik])] == true) == want end
  end
  return nil
end

local function calico_matcher(expr)
  if expr == nil then return function() return true end end
  if type(expr) ~= "string" then return function() return true end end
  local terms = {}
  for part in (expr .. "&&"):gmatch("(.-)&&") do
    local f = calico_term(part)
    if not f then return function() return true end end
    terms[#terms + 1] = f
  end
  return function(labels)
    for _, f in ipairs(terms) do if not f(labels) then return false end end
    return true
  end
end

-- Every policy as { ns = namespace or nil (cluster-wide), match = function(labels, ns) }:
-- Kubernetes NetworkPolicy (podSelector), Cilium CiliumNetworkPolicy and
-- CiliumClusterwideNetworkPolicy (endpointSelector, in spec or each of specs),
-- Calico NetworkPolicy and GlobalNetworkPolicy (selector expression).
local function policies_by_namespace(docs)
  local policies, global = {}, {}
  local function add(ns, match)
    if not match then return end
    if ns then
      policies[ns] = policies[ns] or {}
      table.insert(policies[ns], match)
    else
      global[#global + 1] = match
    end
  end
  for _, d in ipairs(docs) do
    local api = type(d.apiVersion) == "string" and d.apiVersion or ""
    local spec = type(d.spec) == "table" and d.spec or {}
    if d.kind == "NetworkPolicy" and api:match("^networking%.k8s%.io/") then
      local sel = spec.podSelector or {}
      add(selectors.namespace(d), function(labels) return selectors.matches(sel, labels) end)
    elseif (d.kind == "CiliumNetworkPolicy" or d.kind == "CiliumClusterwideNetworkPolicy") and api:match("^cilium%.io/") then
      local ns = d.kind == "CiliumNetworkPolicy" and selectors.namespace(d) or nil
      local specs = type(d.specs) == "table" and d.specs or {}
      if type(d.spec) == "table" then add(ns, cilium_matcher(d.spec.endpointSelector)) end
      for _, sp in ipairs(specs) do
        if type(sp) == "table" then add(ns, cilium_matcher(sp.endpointSelector)) end
      end
    elseif (d.kind == "NetworkPolicy" or d.kind == "GlobalNetworkPolicy") and api:match("projectcalico%.org/") then
      local m = calico_matcher(spec.selector)
      local nsm = d.kind == "GlobalNetworkPolicy" and spec.namespaceSelector ~= nil
      add(d.kind == "NetworkPolicy" and selectors.namespace(d) or nil,
        nsm and function() return true end or function(labels) return m(labels) end)
    end
  end
  return policies, global
end

-- What the scan keeps of each document (check.kubernetes_all reads these,
-- not the documents): of a policy, the parts policies_by_namespace reads
-- (apiVersion, kind, namespace, the selectors of spec and of each of specs);
-- of a workload, its namespace, pod labels and what its finding would say.
local POLICY_KINDS = { NetworkPolicy = true, CiliumNetworkPolicy = true, CiliumClusterwideNetworkPolicy = true,
  GlobalNetworkPolicy = true }
local function selectors_of(spec)
  return { podSelector = spec.podSelector, endpointSelector = spec.endpointSelector, selector = spec.selector,
    namespaceSelector = spec.namespaceSelector }
end
function check.kubernetes_facts(d, place)
  if POLICY_KINDS[d.kind] then
    local md = selectors.metadata(d)
    local f = { apiVersion = d.apiVersion, kind = d.kind, metadata = { name = md.name, namespace = md.namespace } }
    if type(d.spec) == "table" then f.spec = selectors_of(d.spec) end
    if type(d.specs) == "table" then
      f.specs = {}
      for i, sp in ipairs(d.specs) do f.specs[i] = type(sp) == "table" and selectors_of(sp) or false end
    end
    return f
  end
  if not k8s.pod_spec(d) then return nil end
  return {
    ns = selectors.namespace(d), labels = selectors.pod_labels(d), what = k8s.describe(d),
    name = tostring(selectors.metadata(d).name or "?"), path = place(selectors.object_path(d)),
  }
end

function check.kubernetes_all(docs, report)
  local policies, global = policies_by_namespace(docs)
  for _, d in ipairs(docs) do
    local ns, labels = d.ns, d.labels
    local sels, selected = d.path and policies[ns] or {}, not d.path
    for _, m in ipairs(sels) do selected = selected or m(labels, ns) end
    for _, m in ipairs(d.path and global or {}) do selected = selected or m(labels, ns) end
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
