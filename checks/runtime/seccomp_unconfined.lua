-- seccomp-unconfined: a seccomp profile explicitly set to Unconfined.
-- Kubernetes: every securityContext.seccompProfile.type: Unconfined (pod or
-- container level; the Baseline Pod Security Standard forbids each field) and
-- the legacy annotations set to "unconfined". Compose: security_opt
-- seccomp:unconfined or seccomp=unconfined.
local POD_ANN = "seccomp.security.alpha.kubernetes.io/pod"
local CTR_ANN = "container.seccomp.security.alpha.kubernetes.io/"

local function check_k8s(doc, report)
  local spec, sp = k8s.pod_spec(doc)
  if not spec then return end
  local meta, mpath = k8s.pod_metadata(doc)
  local ann = type(meta) == "table" and type(meta.annotations) == "table" and meta.annotations or {}
  local function annotation(key, who, cname)
    if type(ann[key]) == "string" and ann[key]:lower() == "unconfined" then
      report {
        path = mpath .. ".annotations" .. k8s.key(key),
        container = cname,
        message = ("%s runs without seccomp: annotation %s is unconfined"):format(who, key),
        remediation = ("Delete the deprecated annotation %s and set securityContext.seccompProfile.type: RuntimeDefault instead."):format(key),
      }
    end
  end
  local psc = type(spec.securityContext) == "table" and spec.securityContext or nil
  if psc and type(psc.seccompProfile) == "table" and psc.seccompProfile.type == "Unconfined" then
    local at = sp .. ".securityContext.seccompProfile.type"
    report {
      path = at,
      message = ("%s sets seccompProfile Unconfined for the whole pod"):format(k8s.describe(doc)),
      remediation = ("In %s.securityContext set:\n  seccompProfile:\n    type: RuntimeDefault"):format(sp),
      fix = { { path = at, value = "RuntimeDefault" } },
    }
  end
  annotation(POD_ANN, k8s.describe(doc), nil)
  for c, cpath in k8s.containers(doc) do
    local sc = type(c.securityContext) == "table" and c.securityContext or nil
    if sc and type(sc.seccompProfile) == "table" and sc.seccompProfile.type == "Unconfined" then
      local at = cpath .. ".securityContext.seccompProfile.type"
      report {
        path = at,
        container = c.name,
        message = ("container %q sets seccompProfile Unconfined"):format(c.name or "?"),
        remediation = ("In %s set:\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault"):format(cpath),
        fix = { { path = at, value = "RuntimeDefault" } },
      }
    end
    if type(c.name) == "string" then
      annotation(CTR_ANN .. c.name, ("container %q"):format(c.name), c.name)
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    for _, o in ipairs(compose.security_opts(svc, spath)) do
      if o.key == "seccomp" and type(o.value) == "string" and o.value:lower() == "unconfined" then
        report {
          path = o.path,
          container = name,
          resource = { kind = "service", name = name },
          message = ("service %q runs without seccomp (security_opt seccomp %s)"):format(name, o.value),
          remediation = ("Delete %s: Docker's default seccomp profile then applies (or name a custom profile: seccomp=./profile.json)."):format(o.path),
        }
      end
    end
  end
end

return {
  id = "RT-021",
  name = "seccomp-unconfined",
  severity = "high",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Seccomp explicitly disabled",
  description = [[
An Unconfined seccomp profile lets the container make every system call,
including those (keyctl, unshare, bpf, userfaultfd…) most container escapes
and kernel exploits rely on. The runtime's default profile blocks them and
breaks almost nothing.]],
  remediation = "Use the runtime default seccomp profile (Kubernetes seccompProfile.type: RuntimeDefault; Compose: drop seccomp=unconfined).",
  frameworks = { cis_docker = "5.22", cis_kubernetes = "5.7.2", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if doc.services then return check_compose(doc, report) end
    return check_k8s(doc, report)
  end,
}
