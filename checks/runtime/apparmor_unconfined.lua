-- apparmor-unconfined: AppArmor explicitly disabled. Kubernetes:
-- appArmorProfile.type: Unconfined at pod or container level, or the legacy
-- annotation container.apparmor.security.beta.kubernetes.io/<c>: unconfined.
-- Other annotation values than runtime/default and localhost/<profile> are
-- reported too (the Baseline Pod Security Standard allows only those).
-- Compose: security_opt apparmor:unconfined or apparmor=unconfined.
local CTR_ANN = "container.apparmor.security.beta.kubernetes.io/"

local function check_k8s(doc, report)
  local spec, sp = k8s.pod_spec(doc)
  if not spec then return end
  local meta, mpath = k8s.pod_metadata(doc)
  local ann = type(meta) == "table" and type(meta.annotations) == "table" and meta.annotations or {}
  local psc = type(spec.securityContext) == "table" and spec.securityContext or nil
  if psc and type(psc.appArmorProfile) == "table" and psc.appArmorProfile.type == "Unconfined" then
    local at = sp .. ".securityContext.appArmorProfile.type"
    report {
      path = at,
      message = ("%s sets appArmorProfile Unconfined for the whole pod"):format(k8s.describe(doc)),
      remediation = ("In %s.securityContext set:\n  appArmorProfile:\n    type: RuntimeDefault"):format(sp),
      fix = { { path = at, value = "RuntimeDefault" } },
    }
  end
  for c, cpath in k8s.containers(doc) do
    local sc = type(c.securityContext) == "table" and c.securityContext or nil
    if sc and type(sc.appArmorProfile) == "table" and sc.appArmorProfile.type == "Unconfined" then
      local at = cpath .. ".securityContext.appArmorProfile.type"
      report {
        path = at,
        container = c.name,
        message = ("container %q sets appArmorProfile Unconfined"):format(c.name or "?"),
        remediation = ("In %s set:\n  securityContext:\n    appArmorProfile:\n      type: RuntimeDefault"):format(cpath),
        fix = { { path = at, value = "RuntimeDefault" } },
      }
    end
    local key = type(c.name) == "string" and CTR_ANN .. c.name
    local v = key and ann[key]
    if type(v) == "string" and v ~= "" and v ~= "runtime/default" and not v:find("^localhost/") then
      report {
        path = mpath .. ".annotations" .. k8s.key(key),
        container = c.name,
        message = v:lower() == "unconfined"
          and ("container %q runs without AppArmor: annotation %s is unconfined"):format(c.name, key)
          or ("container %q has AppArmor annotation %s: %s, neither runtime/default nor localhost/<profile>"):format(c.name, key, v),
        remediation = ("Delete the annotation %s and in %s set securityContext.appArmorProfile.type: RuntimeDefault (or set the annotation to runtime/default)."):format(key, cpath),
      }
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    for _, o in ipairs(compose.security_opts(svc, spath)) do
      if o.key == "apparmor" and type(o.value) == "string" and o.value:lower() == "unconfined" then
        report {
          path = o.path,
          container = name,
          resource = { kind = "service", name = name },
          message = ("service %q runs without AppArmor (security_opt apparmor %s)"):format(name, o.value),
          remediation = ("Delete %s so Docker's default profile (docker-default) applies, or name a custom profile: apparmor=my-profile."):format(o.path),
        }
      end
    end
  end
end

return {
  id = "RT-022",
  name = "apparmor-unconfined",
  severity = "medium",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "AppArmor explicitly disabled",
  description = [[
On hosts with AppArmor the runtime confines every container with a default
profile that denies writes to /proc and /sys, mounts and raw access to host
files. Running Unconfined removes that layer for no benefit to most workloads.]],
  remediation = "Use the runtime default AppArmor profile (Kubernetes appArmorProfile.type: RuntimeDefault; Compose: drop apparmor=unconfined).",
  frameworks = { cis_docker = "5.2", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if doc.services then return check_compose(doc, report) end
    return check_k8s(doc, report)
  end,
}
