-- selectors.lua — namespaces, label selectors and the pods of a scan, for
-- cross-document checks. How a document's namespace is resolved, whether a
-- LabelSelector (matchLabels AND matchExpressions) selects a set of labels,
-- as the API server evaluates them, which documents of a scan run pods and
-- which ServiceAccount those pods run as. Pure functions over plain tables;
-- no reporting, no state kept between calls.
--
-- Functions (documented again in docs/writing-checks.md, "selectors"):
--   selectors.metadata(doc)            metadata map, or {}
--   selectors.namespace(doc)           namespace, or selectors.UNKNOWN
--   selectors.describe_ns(ns)          "namespace \"shop\"" for messages
--   selectors.workloads(docs)          for d, spec, spec_path, ns: documents running pods
--   selectors.service_account(spec, spec_path) → name or nil, path of the key
--   selectors.service_accounts(docs)   namespace → name → ServiceAccount
--   selectors.matches(sel, labels)     selectors.is_empty(sel)
--   selectors.pod_labels(doc)          selectors.labels_yaml(labels, indent)
--   selectors.object_path(doc)         where to point at a whole object
local M = {}

-- The key under which documents without metadata.namespace are grouped: the
-- namespace they will be applied to is unknown, and all such documents of one
-- scan are taken to share it (kubectl apply -n X / kustomize namespace:).
M.UNKNOWN = "\0unknown"

-- The metadata map of a document, or an empty table when it has none.
function M.metadata(doc)
  return type(doc.metadata) == "table" and doc.metadata or {}
end

-- The namespace a namespaced document lives in: metadata.namespace, else
-- M.UNKNOWN. For a Namespace object, its own name.
function M.namespace(doc)
  local md = M.metadata(doc)
  if doc.kind == "Namespace" then return type(md.name) == "string" and md.name or M.UNKNOWN end
  local ns = md.namespace
  if type(ns) == "string" and ns ~= "" then return ns end
  return M.UNKNOWN
end

-- For messages: "namespace \"shop\"" or "the namespace it is applied to".
function M.describe_ns(ns)
  if ns == M.UNKNOWN then return "the namespace it is applied to (no metadata.namespace)" end
  return ("namespace %q"):format(ns)
end

local function str(v)
  if type(v) == "string" then return v end
  if type(v) == "number" or type(v) == "boolean" then return tostring(v) end
  return nil
end

local function contains(values, v)
  if type(values) ~= "table" then return false end
  for _, x in ipairs(values) do
    if str(x) == v then return true end
  end
  return false
end

-- Does LabelSelector sel select labels? An empty selector ({} or absent
-- members) selects everything; a nil selector selects everything too (the
-- caller decides whether absence means "all" or "none"). An unknown operator
-- selects nothing, as the API server rejects it.
function M.matches(sel, labels)
  if sel == nil then return true end
  if type(sel) ~= "table" then return false end
  labels = type(labels) == "table" and labels or {}
  if type(sel.matchLabels) == "table" then
    for k, v in pairs(sel.matchLabels) do
      if str(labels[k]) ~= str(v) then return false end
    end
  end
  if type(sel.matchExpressions) == "table" then
    for _, e in ipairs(sel.matchExpressions) do
      if type(e) ~= "table" then return false end
      local have = str(labels[e.key])
      local op = e.operator
      if op == "In" then
        if have == nil or not contains(e.values, have) then return false end
      elseif op == "NotIn" then
        if have ~= nil and contains(e.values, have) then return false end
      elseif op == "Exists" then
        if have == nil then return false end
      elseif op == "DoesNotExist" then
        if have ~= nil then return false end
      else
        return false
      end
    end
  end
  return true
end

-- Is the selector empty (selects every pod of its namespace)?
function M.is_empty(sel)
  if sel == nil then return true end
  if type(sel) ~= "table" then return false end
  return next(type(sel.matchLabels) == "table" and sel.matchLabels or {}) == nil
    and next(type(sel.matchExpressions) == "table" and sel.matchExpressions or {}) == nil
end

-- The labels of the pods a workload creates (its pod template's labels).
function M.pod_labels(doc)
  local meta = k8s.pod_metadata(doc)
  if type(meta) == "table" and type(meta.labels) == "table" then return meta.labels end
  return {}
end

-- Labels as YAML lines under indent, sorted; " <the pod template labels>" when none.
function M.labels_yaml(labels, indent)
  local keys = {}
  for k, v in pairs(labels or {}) do
    if str(v) then keys[#keys + 1] = k end
  end
  if #keys == 0 then return " <the pod template labels>" end
  table.sort(keys)
  local out = {}
  for _, k in ipairs(keys) do out[#out + 1] = ("\n%s%s: %q"):format(indent, k, str(labels[k])) end
  return table.concat(out)
end

-- Iterate the documents of docs that run pods (a workload kind with a pod
-- spec), in order:
--   for d, spec, spec_path, ns in selectors.workloads(docs) do ... end
-- spec and spec_path as k8s.pod_spec gives them; ns as selectors.namespace.
function M.workloads(docs)
  local i = 0
  return function()
    while docs[i + 1] ~= nil do
      i = i + 1
      local spec, sp = k8s.pod_spec(docs[i])
      if spec then return docs[i], spec, sp, M.namespace(docs[i]) end
    end
  end
end

-- The ServiceAccount a pod spec names: serviceAccountName, else the
-- deprecated serviceAccount (nil when neither is set; "" as written), and the
-- path of the key that names it (spec_path itself when none does).
function M.service_account(spec, spec_path)
  local path = (spec.serviceAccountName ~= nil and spec_path .. ".serviceAccountName")
    or (spec.serviceAccount ~= nil and spec_path .. ".serviceAccount") or spec_path
  return spec.serviceAccountName or spec.serviceAccount, path
end

-- The ServiceAccounts of docs by namespace and name:
-- accounts[ns][name] → document (a later one of the same name wins).
function M.service_accounts(docs)
  local accounts = {}
  for _, d in ipairs(docs) do
    local name = M.metadata(d).name
    if d.kind == "ServiceAccount" and type(name) == "string" then
      local ns = M.namespace(d)
      accounts[ns] = accounts[ns] or {}
      accounts[ns][name] = d
    end
  end
  return accounts
end

-- Where to point at a whole object: its metadata key, else its kind.
function M.object_path(doc)
  if type(doc.metadata) == "table" then return "metadata" end
  return "kind"
end

return M
