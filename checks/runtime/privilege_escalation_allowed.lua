-- privilege-escalation-allowed: a process may gain more privileges than its
-- parent (setuid binaries, file capabilities).
-- Kubernetes: securityContext.allowPrivilegeEscalation is not false on a
-- container (it defaults to true), or it is false but the container is
-- privileged or adds CAP_SYS_ADMIN, which imply it. Windows pods are exempt.
-- Compose: security_opt lacks no-new-privileges (or no-new-privileges:true).

local function adds_sys_admin(c)
  local sc = type(c.securityContext) == "table" and c.securityContext or {}
  local caps = type(sc.capabilities) == "table" and sc.capabilities or {}
  for _, cap in ipairs(type(caps.add) == "table" and caps.add or {}) do
    local n = k8s.capability(cap)
    if n == "SYS_ADMIN" or n == "ALL" then return true end
  end
  return false
end

local function check_k8s(doc, report)
  local spec = k8s.pod_spec(doc)
  if not spec or k8s.is_windows(spec) then return end
  for c, cpath in k8s.containers(doc) do
    local sc = type(c.securityContext) == "table" and c.securityContext or {}
    local ape = sc.allowPrivilegeEscalation
    local name = c.name or "?"
    local rem = ("In %s set:\n  securityContext:\n    allowPrivilegeEscalation: false"):format(cpath)
    local fix = { { path = cpath .. ".securityContext.allowPrivilegeEscalation", value = false } }
    if ape == false then
      local why = sc.privileged == true and "privileged: true" or (adds_sys_admin(c) and "an added SYS_ADMIN capability")
      if why then
        report {
          path = cpath .. ".securityContext.allowPrivilegeEscalation",
          container = c.name,
          message = ("container %q sets allowPrivilegeEscalation: false, but %s implies it"):format(name, why),
          remediation = ("In %s remove privileged: true and SYS_ADMIN from capabilities.add; keep allowPrivilegeEscalation: false."):format(cpath .. ".securityContext"),
        }
      end
    elseif ape ~= nil then
      report {
        path = cpath .. ".securityContext.allowPrivilegeEscalation",
        container = c.name,
        message = ("container %q sets allowPrivilegeEscalation: %s"):format(name, tostring(ape)),
        remediation = rem, fix = fix,
      }
    else
      report {
        path = k8s.lacking(c, cpath),
        container = c.name,
        message = ("container %q does not set allowPrivilegeEscalation: false (it defaults to true)"):format(name),
        remediation = rem, fix = fix,
      }
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local ok, bad = false, nil
    for _, o in ipairs(compose.security_opts(svc, spath)) do
      if o.key == "no-new-privileges" then
        local v = o.value and o.value:lower()
        if v == nil or v == "" or v == "true" then ok = true else bad = o end
      end
    end
    if not ok then
      report {
        path = bad and bad.path or (type(svc.security_opt) == "table" and spath .. ".security_opt" or spath),
        resource = { kind = "service", name = name },
        container = name,
        message = bad and ("service %q disables no-new-privileges"):format(name)
          or ("service %q does not set security_opt no-new-privileges:true"):format(name),
        remediation = ("In %s set:\n  security_opt:\n    - no-new-privileges:true"):format(spath),
      }
    end
  end
end

return {
  id = "RT-002",
  name = "privilege-escalation-allowed",
  severity = "medium",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Container allows privilege escalation",
  description = [[
Unless no_new_privs is set, a process in the container can gain privileges
through setuid or setgid binaries and file capabilities: an attacker with a
foothold as an unprivileged user becomes root inside the container. Kubernetes
sets no_new_privs only when allowPrivilegeEscalation is false (it defaults to
true); Docker only with security_opt no-new-privileges.]],
  remediation = "Kubernetes: set securityContext.allowPrivilegeEscalation: false on every container. Compose: add security_opt: [\"no-new-privileges:true\"].",
  frameworks = { cis_docker = "5.26", cis_kubernetes = "5.2.6", pss = "restricted", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if doc.kind then return check_k8s(doc, report) end
    return check_compose(doc, report)
  end,
}
