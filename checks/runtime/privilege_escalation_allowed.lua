-- privilege-escalation-allowed: a process may gain more privileges than its
-- parent (setuid binaries, file capabilities).
-- Kubernetes: securityContext.allowPrivilegeEscalation is not false on a
-- container (it defaults to true), or it is false but the container is
-- privileged or adds CAP_SYS_ADMIN, which imply it. Windows pods are exempt.
-- Compose: security_opt lacks no-new-privileges (or no-new-privileges:true).
local check = {
  id = "RT-002", name = "privilege-escalation-allowed", severity = "medium", class = "hardening",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Container allows privilege escalation",
  description = [[
Unless no_new_privs is set, a process in the container can gain privileges
through setuid or setgid binaries and file capabilities: an attacker with a
foothold as an unprivileged user becomes root inside the container. Kubernetes
sets no_new_privs only when allowPrivilegeEscalation is false (it defaults to
true); Docker only with security_opt no-new-privileges.]],
  remediation = "Kubernetes: set securityContext.allowPrivilegeEscalation: false on every container. Compose: add security_opt: [\"no-new-privileges:true\"].",
}

-- What makes allowPrivilegeEscalation: false void in securityContext sc, or nil.
local function implied(sc)
  if sc.privileged == true then return "privileged: true" end
  local caps = type(sc.capabilities) == "table" and sc.capabilities or {}
  for _, cap in ipairs(type(caps.add) == "table" and caps.add or {}) do
    local n = k8s.capability(cap)
    if n == "SYS_ADMIN" or n == "ALL" then return "an added SYS_ADMIN capability" end
  end
  return nil
end

function check.kubernetes(doc, report)
  if k8s.is_windows(k8s.pod_spec(doc)) then return end
  for c, ct in k8s.each_container(doc, report) do
    local sc = type(c.securityContext) == "table" and c.securityContext or {}
    local ape, at = sc.allowPrivilegeEscalation, ct.sc .. ".allowPrivilegeEscalation"
    if ape == false then
      local why = implied(sc)
      if why then
        ct.report {
          path = at, message = ("sets allowPrivilegeEscalation: false, but %s implies it"):format(why),
          remediation = ("In %s remove privileged: true and SYS_ADMIN from capabilities.add; keep allowPrivilegeEscalation: false."):format(ct.sc),
        }
      end
    else
      ct.report {
        path = ape ~= nil and at or ct.lacking,
        message = ape ~= nil and ("sets allowPrivilegeEscalation: %s"):format(tostring(ape))
          or "does not set allowPrivilegeEscalation: false (it defaults to true)",
        remediation = k8s.set_sc(ct, "allowPrivilegeEscalation: false"),
        fix = { { path = at, value = false } },
      }
    end
  end
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    local ok, bad = false, nil
    for _, o in ipairs(compose.security_opts(svc, s.path)) do
      if o.key == "no-new-privileges" then
        local v = o.value and o.value:lower()
        if v == nil or v == "" or v == "true" then ok = true else bad = o end
      end
    end
    if not ok then
      s.report {
        path = bad and bad.path or (type(svc.security_opt) == "table" and s.path .. ".security_opt" or s.path),
        message = bad and "disables no-new-privileges" or "does not set security_opt no-new-privileges:true",
        remediation = k8s.set_in(s.path, "security_opt:\n  - no-new-privileges:true"),
        fix = { k8s.edit(s.path .. ".security_opt", compose.with_opt(svc, "no-new-privileges", "no-new-privileges:true")) },
      }
    end
  end
end

-- Running container: HostConfig.SecurityOpt lacks no-new-privileges (or sets
-- it false). A daemon started with "no-new-privileges": true applies it
-- without listing it here: see privilege-escalation-by-default.
function check.container(doc, report)
  local ok, bad = false, nil
  for _, o in ipairs(inspect.security_opts(doc)) do
    if o.key == "no-new-privileges" then
      local v = o.value and o.value:lower()
      if v == nil or v == "" or v == "true" then ok = true else bad = o end
    end
  end
  if not ok then
    local opts = inspect.host(doc).SecurityOpt
    inspect.subject(doc, report).report {
      path = bad and bad.path or (type(opts) == "table" and #opts > 0 and "HostConfig.SecurityOpt" or inspect.host_path(doc, "SecurityOpt")),
      message = bad and "disables no-new-privileges" or "runs without --security-opt no-new-privileges",
      remediation = "Recreate the container with --security-opt no-new-privileges (or set \"no-new-privileges\": true in daemon.json for every container).",
    }
  end
end

return check
