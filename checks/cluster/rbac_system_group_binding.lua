-- rbac-system-group-binding: a binding whose subjects include system:masters,
-- system:anonymous, system:unauthenticated or system:authenticated. Bindings
-- of the authenticated/unauthenticated groups to the discovery roles
-- Kubernetes itself binds them to are not flagged.
local check = {
  id = "K8S-015", name = "rbac-system-group-binding", severity = "critical", class = "risk",
  inputs = { "kubernetes" }, kinds = { "RoleBinding", "ClusterRoleBinding" },
  title = "Binding to a system group",
  description = [[
system:masters is hard-wired to full access, outside RBAC. system:anonymous
and system:unauthenticated are whoever reaches the API server without
credentials; system:authenticated is every user and every ServiceAccount of
every namespace. A permission bound to one of them is a permission for
everyone in it.]],
  remediation = "Bind the role to the specific users, groups or ServiceAccounts that need it, never to system:masters, system:anonymous, system:unauthenticated or system:authenticated.",
}

-- Subjects never to bind, and why.
local groups = {
  ["system:masters"] = "every request from it bypasses RBAC and cannot be revoked by removing bindings",
  ["system:anonymous"] = "unauthenticated requests get it",
  ["system:unauthenticated"] = "unauthenticated requests get it",
  ["system:authenticated"] = "every authenticated identity, every ServiceAccount included, gets it",
}
-- Default bindings shipped by Kubernetes for discovery; harmless.
local harmless_roles = {
  ["system:basic-user"] = true, ["system:discovery"] = true, ["system:public-info-viewer"] = true,
}

-- Why subject s is dangerous to bind, or nil.
local function danger(s, ref)
  if type(s) ~= "table" or (s.kind ~= "Group" and s.kind ~= "User") then return nil end
  if s.kind == "User" and s.name ~= "system:anonymous" then return nil end
  local exempt = s.name ~= "system:masters" and ref.kind == "ClusterRole" and harmless_roles[ref.name]
  return not exempt and groups[s.name] or nil
end

function check.kubernetes(doc, report)
  local ref = rbac.role_ref(doc)
  for i, s in ipairs(type(doc.subjects) == "table" and doc.subjects or {}) do
    local why = danger(s, ref)
    if why then
      report {
        path = ("subjects[%d].name"):format(i - 1),
        message = ("%s binds %s %q to %s %q: %s"):format(k8s.describe(doc), s.kind, s.name,
          tostring(ref.kind or "role"), tostring(ref.name or "?"), why),
        remediation = ("In %s replace subjects[%d] with the specific subjects that need %s:\n  subjects:\n  - kind: ServiceAccount\n    name: <app>\n    namespace: <namespace>"):format(
          k8s.describe(doc), i - 1, tostring(ref.name or "the role")),
      }
    end
  end
end

return check
