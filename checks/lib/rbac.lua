-- rbac.lua — evaluating RBAC rules the way the Kubernetes authorizer does, for
-- the rbac-* checks. A rule grants (group, resource, verb) when apiGroups holds
-- the group or "*", resources holds the resource, "*" or "*/<subresource>",
-- and verbs holds the verb or "*". resourceNames narrow a rule to named
-- objects but never remove the risk, so they are ignored. Bindings are
-- resolved to roles of the scan (for messages), and bindings to built-in
-- ClusterRoles absent from the scan (admin, edit) are evaluated against those
-- roles' shipped rules. See docs/kubernetes.md.
--
-- Functions (documented again in docs/writing-checks.md, "rbac"):
--   rbac.permission_check(check, spec) → check   builder of a permission check
--   rbac.rules(docs)            for d, rule, path: every rule of every role
--   rbac.entry_path(path, field, i)   "rules[2].resources[0]"
--   rbac.match(rule, grants) → hit    rbac.describe_hit(hit) → "grants get on secrets"
--   rbac.group_index / verb_index / resource_index(rule, x) → 1-based index
--   rbac.role_ref(d) → roleRef      rbac.binding_target(d) → key, roleRef, kind
--   rbac.describe_subjects(d)       rbac.index(docs) → roles, bound
--   rbac.notes(d, bound)            rbac.builtin.admin / .edit: shipped rules
--   rbac.is_default_role(kind, ns, name)   a role Kubernetes itself creates
--   rbac.facts(d)                   what of a role or binding the functions above read
-- Nothing here reports by itself except the handler permission_check builds;
-- no state survives a call.
local M = {}

local role_kinds = { Role = true, ClusterRole = true }
local binding_kinds = { RoleBinding = true, ClusterRoleBinding = true }
local ANY_VERB = { false } -- a grant without verbs: any verb of the rule counts

local function strings(v)
  local out = {}
  if type(v) == "string" then return { v } end
  if type(v) ~= "table" then return out end
  for _, x in ipairs(v) do
    if type(x) == "string" then out[#out + 1] = x end
  end
  return out
end

local function list(v)
  if type(v) == "table" then return v end
  return {}
end

-- Append x to out unless seen[x]; seen is per list.
local function add_once(out, seen, x)
  if not seen[x] then
    seen[x] = true
    out[#out + 1] = x
  end
end

-- Index (1-based) of the apiGroups entry that covers group, or nil.
function M.group_index(rule, group)
  for i, g in ipairs(list(rule.apiGroups)) do
    if g == "*" or g == group then return i end
  end
  return nil
end

-- Index of the verbs entry that covers verb (nil verb: any verb), or nil.
function M.verb_index(rule, verb)
  for i, v in ipairs(list(rule.verbs)) do
    if type(v) == "string" and (verb == nil or v == "*" or v == verb) then return i end
  end
  return nil
end

-- Index of the resources entry that covers resource ("pods" or "pods/exec"),
-- or nil: "*", the exact name, or "*/<subresource>".
function M.resource_index(rule, resource)
  local sub = resource:match("/(.+)$")
  for i, r in ipairs(list(rule.resources)) do
    if r == "*" or r == resource then return i end
    if sub and r == "*/" .. sub then return i end
  end
  return nil
end

-- Path of entry i (1-based) of list field of the rule at path:
-- entry_path("rules[2]", "resources", 1) → "rules[2].resources[0]".
function M.entry_path(path, field, i)
  return ("%s.%s[%d]"):format(path, field, i - 1)
end

local function covers_a_group(rule, groups)
  for _, group in ipairs(groups) do
    if M.group_index(rule, group) then return true end
  end
  return false
end

-- Call fn(resource index, verb index, any verb?) for each request of grant g
-- (resources × verbs, in the grant's order) that rule grants.
local function each_request(rule, g, fn)
  if not covers_a_group(rule, g.groups) then return end
  for _, res in ipairs(g.resources) do
    local ri = M.resource_index(rule, res)
    for _, verb in ipairs(ri and (g.verbs or ANY_VERB) or {}) do
      local vi = M.verb_index(rule, verb or nil)
      if vi then fn(ri, vi, verb == false) end
    end
  end
end

-- Does rule grant anything in grants? grants is a list of
-- { groups = {...}, resources = {...}, verbs = {...} or nil (any verb) }.
-- Returns nil, or a hit: { resource = index of the first matching resources
-- entry, verbs = { rule verb entries that matched }, resources = { rule
-- resource entries that matched } } (entries as the rule writes them).
function M.match(rule, grants)
  if type(rule) ~= "table" then return nil end
  local hit
  local seen_v, seen_r = {}, {}
  local function record(ri, vi, any_verb)
    hit = hit or { resource = ri, verbs = {}, resources = {} }
    if ri < hit.resource then hit.resource = ri end
    for _, v in ipairs(any_verb and strings(rule.verbs) or { rule.verbs[vi] }) do
      add_once(hit.verbs, seen_v, v)
    end
    add_once(hit.resources, seen_r, rule.resources[ri])
  end
  for _, g in ipairs(grants) do each_request(rule, g, record) end
  return hit
end

-- "grants get, list on secrets"
function M.describe_hit(hit)
  local function q(t)
    local o = {}
    for _, x in ipairs(t) do o[#o + 1] = x == "*" and '"*"' or x end
    return table.concat(o, ", ")
  end
  return ("grants %s on %s"):format(q(hit.verbs), q(hit.resources))
end

-- Built-in ClusterRoles shipped by Kubernetes that bindings commonly name:
-- the parts of their rules that matter to the rbac-* checks. cluster-admin is
-- left to rbac-cluster-admin-binding.
local R = { "get", "list", "watch" }
local W = { "create", "delete", "deletecollection", "patch", "update" }
local edit_rules = {
  { apiGroups = { "" }, resources = { "pods/attach", "pods/proxy", "pods/exec", "pods/portforward", "secrets", "services/proxy" }, verbs = R },
  { apiGroups = { "" }, resources = { "serviceaccounts" }, verbs = { "impersonate" } },
  { apiGroups = { "" }, resources = { "pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward" }, verbs = W },
  { apiGroups = { "" }, resources = { "replicationcontrollers", "serviceaccounts", "services", "persistentvolumeclaims", "configmaps", "secrets", "events" }, verbs = W },
  { apiGroups = { "" }, resources = { "serviceaccounts/token" }, verbs = { "create" } },
  { apiGroups = { "apps" }, resources = { "daemonsets", "deployments", "replicasets", "statefulsets" }, verbs = W },
  { apiGroups = { "batch" }, resources = { "cronjobs", "jobs" }, verbs = W },
}
local admin_rules = { table.unpack(edit_rules) }
admin_rules[#admin_rules + 1] = { apiGroups = { "rbac.authorization.k8s.io" }, resources = { "roles", "rolebindings" }, verbs = W }
M.builtin = { admin = admin_rules, edit = edit_rules }

-- Key of a role: "ClusterRole/name" or "Role/<namespace>/name".
local function role_key(kind, ns, name)
  if kind == "ClusterRole" then return "ClusterRole/" .. tostring(name) end
  return ("Role/%s/%s"):format(ns, tostring(name))
end

-- The roleRef of a binding, or an empty table.
function M.role_ref(d)
  return type(d.roleRef) == "table" and d.roleRef or {}
end

-- The key of the role a binding refers to, its roleRef, and the roleRef kind.
function M.binding_target(d)
  local ref = M.role_ref(d)
  if type(ref.name) ~= "string" then return nil, ref end
  local kind = ref.kind == "Role" and "Role" or "ClusterRole"
  return role_key(kind, selectors.namespace(d), ref.name), ref, kind
end

-- "ServiceAccount shop/api, Group dev, +2 more"
function M.describe_subjects(d)
  local out = {}
  local subjects = list(d.subjects)
  for i, s in ipairs(subjects) do
    if i > 2 then out[#out + 1] = ("+%d more"):format(#subjects - 2) break end
    if type(s) == "table" then
      local name = tostring(s.name or "?")
      if s.kind == "ServiceAccount" then
        local ns = s.namespace or selectors.metadata(d).namespace
        if type(ns) == "string" then name = ns .. "/" .. name end
      end
      out[#out + 1] = ("%s %s"):format(tostring(s.kind or "?"), name)
    end
  end
  if #out == 0 then return "no subjects" end
  return table.concat(out, ", ")
end

-- The default roles the API server creates (its RBAC bootstrap policy): the
-- ClusterRoles, and the Roles of kube-system and kube-public. A name with the
-- "system:" prefix is not one by itself (system:test is a user's role).
local DEFAULT_CLUSTER_ROLES = {}
for name in ([[cluster-admin admin edit view system:aggregate-to-admin system:aggregate-to-edit
  system:aggregate-to-view system:auth-delegator system:basic-user system:discovery
  system:public-info-viewer system:heapster system:kube-aggregator system:kube-controller-manager
  system:kube-dns system:kube-scheduler system:kubelet-api-admin system:monitoring system:node
  system:node-bootstrapper system:node-problem-detector system:node-proxier
  system:persistent-volume-provisioner system:volume-scheduler system:service-account-issuer-discovery
  system:certificates.k8s.io:certificatesigningrequests:nodeclient
  system:certificates.k8s.io:certificatesigningrequests:selfnodeclient
  system:certificates.k8s.io:kube-apiserver-client-approver
  system:certificates.k8s.io:kube-apiserver-client-kubelet-approver
  system:certificates.k8s.io:kubelet-serving-approver
  system:certificates.k8s.io:legacy-unknown-approver]]):gmatch("%S+") do
  DEFAULT_CLUSTER_ROLES[name] = true
end
for c in ([[attachdetach-controller certificate-controller clusterrole-aggregation-controller
  cronjob-controller daemon-set-controller deployment-controller disruption-controller
  endpoint-controller endpointslice-controller endpointslicemirroring-controller
  ephemeral-volume-controller expand-controller generic-garbage-collector horizontal-pod-autoscaler
  job-controller legacy-service-account-token-cleaner namespace-controller node-controller
  persistent-volume-binder pod-garbage-collector pv-protection-controller pvc-protection-controller
  replicaset-controller replication-controller resourcequota-controller root-ca-cert-publisher
  route-controller service-account-controller service-controller statefulset-controller
  ttl-after-finished-controller ttl-controller validatingadmissionpolicy-status-controller
  service-cidrs-controller selinux-warning-controller]]):gmatch("%S+") do
  DEFAULT_CLUSTER_ROLES["system:controller:" .. c] = true
end
local DEFAULT_ROLES = { -- namespace → names
  ["kube-system"] = { ["extension-apiserver-authentication-reader"] = true,
    ["system::leader-locking-kube-controller-manager"] = true, ["system::leader-locking-kube-scheduler"] = true,
    ["system:controller:bootstrap-signer"] = true, ["system:controller:cloud-provider"] = true,
    ["system:controller:token-cleaner"] = true },
  ["kube-public"] = { ["system:controller:bootstrap-signer"] = true },
}

-- Is the role of this kind, namespace and name one Kubernetes creates?
function M.is_default_role(kind, ns, name)
  if type(name) ~= "string" then return false end
  if kind == "ClusterRole" then return DEFAULT_CLUSTER_ROLES[name] == true end
  return kind == "Role" and DEFAULT_ROLES[ns] ~= nil and DEFAULT_ROLES[ns][name] == true
end

-- Notes for a role: bindings of the scan that grant it, default system role,
-- aggregation.
function M.notes(d, bound)
  local notes = {}
  local md = selectors.metadata(d)
  local b = bound[role_key(d.kind, selectors.namespace(d), md.name)]
  if b and #b > 0 then
    local s = {}
    for i, x in ipairs(b) do
      if i > 2 then s[#s + 1] = ("+%d more"):format(#b - 2) break end
      s[#s + 1] = x
    end
    notes[#notes + 1] = "bound by " .. table.concat(s, "; ")
  end
  if M.is_default_role(d.kind, selectors.namespace(d), md.name) then
    notes[#notes + 1] = "a default role shipped by Kubernetes"
  end
  local labels = type(md.labels) == "table" and md.labels or {}
  for _, r in ipairs({ "admin", "edit", "view" }) do
    if labels["rbac.authorization.k8s.io/aggregate-to-" .. r] == "true" then
      notes[#notes + 1] = ("aggregated into the built-in %s role"):format(r)
    end
  end
  if #notes == 0 then return "" end
  return " (" .. table.concat(notes, "; ") .. ")"
end

-- What the functions here read of a role or binding (a check.kubernetes_facts
-- returns it, so that a cross-document check keeps this, not the document):
-- kind, the metadata names and labels, rules, roleRef and subjects, as written.
function M.facts(d)
  local md = selectors.metadata(d)
  return {
    kind = d.kind, rules = d.rules, roleRef = d.roleRef, subjects = d.subjects,
    metadata = { name = md.name, generateName = md.generateName, namespace = md.namespace, labels = md.labels },
  }
end

-- Index the scan: roles by key, and binding descriptions by role key.
function M.index(docs)
  local roles, bound, seen = {}, {}, {}
  for _, d in ipairs(docs) do
    if role_kinds[d.kind] then
      roles[role_key(d.kind, selectors.namespace(d), selectors.metadata(d).name)] = d
    end
  end
  for _, d in ipairs(docs) do
    local key = binding_kinds[d.kind] and M.binding_target(d)
    if key then
      bound[key], seen[key] = bound[key] or {}, seen[key] or {}
      add_once(bound[key], seen[key], ("%s %s to %s"):format(d.kind,
        tostring(selectors.metadata(d).name or "?"), M.describe_subjects(d)))
    end
  end
  return roles, bound
end

-- Iterate the rules of every Role/ClusterRole of docs:
--   for d, rule, path in rbac.rules(docs) do ... end   (path "rules[0]")
-- Entries of rules that are not maps are skipped.
function M.rules(docs)
  local di, ri = 1, 0
  return function()
    while docs[di] do
      local d = docs[di]
      ri = ri + 1
      local rule = (role_kinds[d.kind] and list(d.rules) or {})[ri]
      if rule == nil then
        di, ri = di + 1, 0
      elseif type(rule) == "table" then
        return d, rule, ("rules[%d]"):format(ri - 1)
      end
    end
  end
end

-- When d is a binding to a built-in ClusterRole the scan does not define:
-- what that role grants of grants (a merged hit without .resource), and the
-- roleRef. nil otherwise.
local function builtin_hit(d, roles, grants)
  if not binding_kinds[d.kind] then return nil end
  local key, ref, kind = M.binding_target(d)
  local rules = key and kind == "ClusterRole" and M.builtin[ref.name]
  if not rules or roles[key] then return nil end
  local all, seen_v, seen_r
  for _, rule in ipairs(rules) do
    local hit = M.match(rule, grants)
    if hit then
      all, seen_v, seen_r = all or { verbs = {}, resources = {} }, seen_v or {}, seen_r or {}
      for _, v in ipairs(hit.verbs) do add_once(all.verbs, seen_v, v) end
      for _, r in ipairs(hit.resources) do add_once(all.resources, seen_r, r) end
    end
  end
  return all, ref
end

-- The handler of a permission check: rules that grant spec.grants, then
-- bindings to built-in roles that grant them.
local function report_grants(docs, report, spec, remediation)
  local roles, bound = M.index(docs)
  for d, rule, path in M.rules(docs) do
    local hit = not (spec.cluster_scoped and d.kind == "Role") and M.match(rule, spec.grants)
    if hit then
      report {
        doc = d,
        path = M.entry_path(path, "resources", hit.resource),
        message = ("%s %s %s: %s%s"):format(k8s.describe(d), path, M.describe_hit(hit), spec.risk, M.notes(d, bound)),
        remediation = ("In %s, %s:\n%s"):format(k8s.describe(d), path, remediation),
      }
    end
  end
  for _, d in ipairs(docs) do
    local all, ref
    if not (spec.cluster_scoped and d.kind == "RoleBinding") then all, ref = builtin_hit(d, roles, spec.grants) end
    if all then
      report {
        doc = d,
        path = "roleRef.name",
        message = ("%s %s binds the built-in ClusterRole %q, which %s, to %s: %s"):format(
          d.kind, tostring(selectors.metadata(d).name or "?"), ref.name, M.describe_hit(all), M.describe_subjects(d), spec.risk),
        remediation = ("Bind a Role that lists only the resources and verbs the subjects need instead of %q:\n  roleRef:\n    apiGroup: rbac.authorization.k8s.io\n    kind: Role\n    name: <narrow-role>"):format(ref.name),
      }
    end
  end
end

-- Builder of a permission check: the check gives what is risky, this gives
-- its handler, messages and per-finding remediation. After the metadata:
--   rbac.permission_check(check, {
--     grants = { { groups = { "" }, resources = { "secrets" }, verbs = { "get" } } },
--     risk = "its subjects can read Secrets",   -- ends each message
--   })
--   return check
-- grants: as for rbac.match. cluster_scoped = true: the grants are of
-- cluster-scoped resources (nodes, persistentvolumes, webhook
-- configurations, certificate signing requests), which a namespaced Role (or a
-- RoleBinding, even of a ClusterRole) can never grant: those are not judged.
-- Sets check.kubernetes_all and returns check.
-- A mistake in spec (unknown key, wrong type, missing key) is an error at
-- the check's line.
-- A finding on a rule says "In <role>, rules[i]:" then check.remediation;
-- one on a binding to a built-in role says which narrow Role to bind instead.
-- check.kinds must list Role, ClusterRole, RoleBinding and ClusterRoleBinding.
local spec_keys = { grants = "table", risk = "string", cluster_scoped = "boolean" }
function M.permission_check(check, spec)
  for k, v in pairs(spec) do
    if not spec_keys[k] then error(("rbac.permission_check: unknown key '%s'"):format(tostring(k)), 2) end
    if type(v) ~= spec_keys[k] then error(("rbac.permission_check: %s must be a %s"):format(k, spec_keys[k]), 2) end
  end
  for k in pairs(spec_keys) do
    if spec[k] == nil and k ~= "cluster_scoped" then error(("rbac.permission_check: %s is required"):format(k), 2) end
  end
  local kinds = {}
  for _, k in ipairs(type(check.kinds) == "table" and check.kinds or {}) do kinds[k] = true end
  for k in pairs(role_kinds) do
    if not kinds[k] or not kinds[k .. "Binding"] then
      error("rbac.permission_check: kinds must list Role, ClusterRole, RoleBinding and ClusterRoleBinding", 2)
    end
  end
  local remediation = check.remediation
  -- Each role or binding is kept as rbac.facts, with the places a finding
  -- on it can stand: the first resources entry of each rule that grants,
  -- and a binding's roleRef.name.
  function check.kubernetes_facts(d, place)
    for _, rule, path in M.rules({ d }) do
      local hit = M.match(rule, spec.grants)
      if hit then place(M.entry_path(path, "resources", hit.resource)) end
    end
    if binding_kinds[d.kind] then place("roleRef.name") end
    return M.facts(d)
  end
  function check.kubernetes_all(docs, report)
    report_grants(docs, report, spec, remediation)
  end
  return check
end

return M
