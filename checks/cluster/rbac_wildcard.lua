-- rbac-wildcard: a Role/ClusterRole rule with "*" in apiGroups, resources
-- (including "*/<subresource>") or verbs. One finding per rule, at its first
-- wildcard entry.
local check = {
  id = "K8S-009", name = "rbac-wildcard", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding" },
  title = "RBAC rule uses wildcards",
  description = [[
A "*" in a rule grants every present and future API group, resource or verb:
secrets, pods/exec, escalate and impersonate included, and whatever a CRD or
a later Kubernetes release adds. Rules should list exactly what the subject
needs, so that what they grant can be reviewed.]],
  remediation = [=[
Replace each "*" with the explicit list the subject needs, e.g.:
  - apiGroups: ["apps"]
    resources: ["deployments"]
    verbs: ["get", "list", "watch", "update"]]=],
}

local fields = { "apiGroups", "resources", "verbs" }

-- The check's remediation, for one rule: format(role, rule path).
local REMEDIATION = 'In %s, %s: replace each "*" with the explicit list the subject needs, e.g.' .. check.remediation:match("\n.*")

-- The first wildcard entry of each field of rule, described ('resources "*"'),
-- and the path of the first of them; nil when there is none.
local function wildcards(rule, path)
  local where, first = {}, nil
  for _, f in ipairs(fields) do
    for j, v in ipairs(type(rule[f]) == "table" and rule[f] or {}) do
      if type(v) == "string" and (v == "*" or v:sub(1, 2) == "*/") then
        where[#where + 1] = ("%s %q"):format(f, v)
        first = first or rbac.entry_path(path, f, j)
        break
      end
    end
  end
  return first, where
end

-- Each role is kept as rbac.facts (check.kubernetes_all reads that, not the
-- document), with the place of each rule's first wildcard; each binding for
-- the notes on the roles it binds.
function check.kubernetes_facts(d, place)
  for _, rule, path in rbac.rules({ d }) do
    local first = wildcards(rule, path)
    if first then place(first) end
  end
  return rbac.facts(d)
end

function check.kubernetes_all(docs, report)
  local _, bound = rbac.index(docs)
  for d, rule, path in rbac.rules(docs) do
    local first, where = wildcards(rule, path)
    if first then
      report {
        doc = d,
        path = first,
        message = ("%s %s uses wildcards (%s): it grants every match, present and future%s"):format(
          k8s.describe(d), path, table.concat(where, ", "), rbac.notes(d, bound)),
        remediation = REMEDIATION:format(k8s.describe(d), path),
      }
    end
  end
end

return check
