-- rbac.lua — evaluating RBAC rules the way the Kubernetes authorizer does, for
-- the rbac-* checks. A rule grants (group, resource, verb) when apiGroups holds
-- the group or "*", resources holds the resource, "*" or "*/<subresource>",
-- and verbs holds the verb or "*". resourceNames narrow a rule to named
-- objects but never remove the risk, so they are ignored. Bindings are
-- resolved to roles of the scan (for messages), and bindings to built-in
-- ClusterRoles absent from the scan (admin, edit) are evaluated against those
-- roles' shipped rules. See docs/kubernetes.md.
local M = {}

local role_kinds = { Role = true, ClusterRole = true }
local binding_kinds = { RoleBinding = true, ClusterRoleBinding = true }

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

-- Does rule grant anything in grants? grants is a list of
-- { groups = {...}, resources = {...}, verbs = {...} or nil (any verb) }.
-- Returns nil, or a hit: { resource = index of the first matching resources
-- entry, verbs = { rule verb entries that matched }, resources = { rule
-- resource entries that matched } } (entries as the rule writes them).
function M.match(rule, grants)
  if type(rule) ~= "table" then return nil end
  local hit
  local seen_v, seen_r = {}, {}
  for _, g in ipairs(grants) do
    for _, group in ipairs(g.groups) do
      if M.group_index(rule, group) then
        for _, res in ipairs(g.resources) do
          local ri = M.resource_index(rule, res)
          if ri then
            for _, verb in ipairs(g.verbs or { false }) do
              local vi = M.verb_index(rule, verb or nil)
              if vi then
                hit = hit or { resource = ri, verbs = {}, resources = {} }
                if ri < hit.resource then hit.resource = ri end
                local rv, rr = rule.verbs[vi], rule.resources[ri]
                if verb == false then
                  -- any verb: every verb of the rule counts
                  for _, v in ipairs(strings(rule.verbs)) do
                    if not seen_v[v] then seen_v[v] = true; hit.verbs[#hit.verbs + 1] = v end
                  end
                elseif not seen_v[rv] then
                  seen_v[rv] = true; hit.verbs[#hit.verbs + 1] = rv
                end
                if not seen_r[rr] then seen_r[rr] = true; hit.resources[#hit.resources + 1] = rr end
              end
            end
          end
        end
      end
    end
  end
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

local function meta(d)
  return type(d.metadata) == "table" and d.metadata or {}
end

-- Key of a role: "ClusterRole/name" or "Role/<namespace>/name".
local function role_key(kind, ns, name)
  if kind == "ClusterRole" then return "ClusterRole/" .. tostring(name) end
  return ("Role/%s/%s"):format(ns, tostring(name))
end

-- The key of the role a binding refers to, its roleRef, and the roleRef kind.
function M.binding_target(d)
  local ref = type(d.roleRef) == "table" and d.roleRef or {}
  if type(ref.name) ~= "string" then return nil, ref end
  local kind = ref.kind == "Role" and "Role" or "ClusterRole"
  return role_key(kind, selectors.namespace(d), ref.name), ref, kind
end

-- "ServiceAccount shop/api, Group dev +2 more"
function M.describe_subjects(d)
  local out = {}
  local subjects = list(d.subjects)
  for i, s in ipairs(subjects) do
    if i > 2 then out[#out + 1] = ("+%d more"):format(#subjects - 2) break end
    if type(s) == "table" then
      local name = tostring(s.name or "?")
      if s.kind == "ServiceAccount" then
        local ns = s.namespace or meta(d).namespace
        if type(ns) == "string" then name = ns .. "/" .. name end
      end
      out[#out + 1] = ("%s %s"):format(tostring(s.kind or "?"), name)
    end
  end
  if #out == 0 then return "no subjects" end
  return table.concat(out, ", ")
end

-- Notes for a role: bindings of the scan that grant it, default system role,
-- aggregation.
function M.notes(d, bound)
  local notes = {}
  local md = meta(d)
  local b = bound[role_key(d.kind, selectors.namespace(d), md.name)]
  if b and #b > 0 then
    local s = {}
    for i, x in ipairs(b) do
      if i > 2 then s[#s + 1] = ("+%d more"):format(#b - 2) break end
      s[#s + 1] = x
    end
    notes[#notes + 1] = "bound by " .. table.concat(s, "; ")
  end
  if type(md.name) == "string" and md.name:sub(1, 7) == "system:" then
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

-- Index the scan: roles by key, and binding descriptions by role key.
function M.index(docs)
  local roles, bound = {}, {}
  for _, d in ipairs(docs) do
    if role_kinds[d.kind] then
      roles[role_key(d.kind, selectors.namespace(d), meta(d).name)] = d
    end
  end
  for _, d in ipairs(docs) do
    if binding_kinds[d.kind] then
      local key = M.binding_target(d)
      if key then
        local b = bound[key] or { seen = {} }
        local text = ("%s %s to %s"):format(d.kind, tostring(meta(d).name or "?"), M.describe_subjects(d))
        if not b.seen[text] then b.seen[text] = true; b[#b + 1] = text end
        bound[key] = b
      end
    end
  end
  return roles, bound
end

-- Iterate the rules of every Role/ClusterRole of docs:
--   for d, rule, path in rbac.rules(docs) do ... end   (path "rules[0]")
function M.rules(docs)
  local items = {}
  for _, d in ipairs(docs) do
    if role_kinds[d.kind] then
      for i, rule in ipairs(list(d.rules)) do
        if type(rule) == "table" then items[#items + 1] = { d, rule, ("rules[%d]"):format(i - 1) } end
      end
    end
  end
  local i = 0
  return function()
    i = i + 1
    local it = items[i]
    if it then return it[1], it[2], it[3] end
  end
end

-- The common body of the permission checks. spec = { grants = {...},
-- risk = "lets its subjects read every Secret", remediation = function(d, path, hit) }.
function M.check(docs, report, spec)
  local roles, bound = M.index(docs)
  for d, rule, path in M.rules(docs) do
    local hit = M.match(rule, spec.grants)
    if hit then
      local at = ("%s.resources[%d]"):format(path, hit.resource - 1)
      report {
        doc = d,
        path = at,
        message = ("%s %s %s: %s%s"):format(k8s.describe(d), path, M.describe_hit(hit), spec.risk, M.notes(d, bound)),
        remediation = spec.remediation and spec.remediation(d, path, hit) or nil,
      }
    end
  end
  -- Bindings to built-in roles that the scan does not define.
  for _, d in ipairs(docs) do
    if binding_kinds[d.kind] then
      local key, ref, kind = M.binding_target(d)
      local builtin = key and kind == "ClusterRole" and M.builtin[ref.name]
      if builtin and not roles[key] then
        local all
        for _, rule in ipairs(builtin) do
          local hit = M.match(rule, spec.grants)
          if hit then
            all = all or { verbs = {}, resources = {}, seen = {} }
            for _, f in ipairs({ "verbs", "resources" }) do
              for _, x in ipairs(hit[f]) do
                if not all.seen[f .. x] then all.seen[f .. x] = true; table.insert(all[f], x) end
              end
            end
          end
        end
        if all then
          report {
            doc = d,
            path = "roleRef.name",
            message = ("%s %s binds the built-in ClusterRole %q, which %s, to %s: %s"):format(
              d.kind, tostring(meta(d).name or "?"), ref.name, M.describe_hit(all), M.describe_subjects(d), spec.risk),
            remediation = ("Bind a Role that lists only the resources and verbs the subjects need instead of %q:\n  roleRef:\n    apiGroup: rbac.authorization.k8s.io\n    kind: Role\n    name: <narrow-role>"):format(ref.name),
          }
        end
      end
    end
  end
end

return M
