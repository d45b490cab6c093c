-- apparmor-unconfined: AppArmor explicitly disabled. Kubernetes:
-- appArmorProfile.type: Unconfined at pod or container level, or the legacy
-- annotation container.apparmor.security.beta.kubernetes.io/<c>: unconfined.
-- Other annotation values than runtime/default and localhost/<profile> are
-- reported too (the Baseline Pod Security Standard allows only those).
-- Compose: security_opt apparmor:unconfined or apparmor=unconfined.
local check = {
  id = "RT-022", name = "apparmor-unconfined", severity = "medium", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "AppArmor explicitly disabled",
  description = [[
On hosts with AppArmor the runtime confines every container with a default
profile that denies writes to /proc and /sys, mounts and raw access to host
files. Running Unconfined removes that layer for no benefit to most workloads.]],
  remediation = "Use the runtime default AppArmor profile (Kubernetes appArmorProfile.type: RuntimeDefault; Compose: drop apparmor=unconfined).",
}

local CTR_ANN = "container.apparmor.security.beta.kubernetes.io/"

function check.kubernetes(doc, report)
  local ann, apath = k8s.annotations(doc)
  for s, sc, c in k8s.security_contexts(doc, report) do
    k8s.report_unconfined(sc, s, "appArmorProfile")
    local key = c and type(c.name) == "string" and CTR_ANN .. c.name
    local v = key and ann[key]
    if type(v) == "string" and v ~= "" and v ~= "runtime/default" and not v:find("^localhost/") then
      s.report {
        path = apath .. k8s.key(key),
        message = v:lower() == "unconfined" and ("runs without AppArmor: annotation %s is unconfined"):format(key)
          or ("has AppArmor annotation %s: %s, neither runtime/default nor localhost/<profile>"):format(key, v),
        remediation = ("Delete the annotation %s and in %s set securityContext.appArmorProfile.type: RuntimeDefault (or set the annotation to runtime/default)."):format(key, s.path),
      }
    end
  end
end

check.compose = compose.unconfined_opt("apparmor", "AppArmor",
  "Delete %s so Docker's default profile (docker-default) applies, or name a custom profile: apparmor=my-profile.")

-- Running container: AppArmorProfile "unconfined" (set by
-- --security-opt apparmor=unconfined, and by --privileged).
local container_opt = inspect.unconfined_opt("apparmor", "AppArmor",
  "Recreate the container without --security-opt apparmor=unconfined so the default profile (docker-default) applies, or name a custom profile: --security-opt apparmor=my-profile.")

function check.container(doc, report)
  local by_opt = false
  for _, o in ipairs(inspect.security_opts(doc)) do
    if o.key == "apparmor" and type(o.value) == "string" and o.value:lower() == "unconfined" then by_opt = true end
  end
  if by_opt then return container_opt(doc, report) end
  if type(doc.AppArmorProfile) == "string" and doc.AppArmorProfile:lower() == "unconfined" then
    inspect.subject(doc, report).report {
      path = "AppArmorProfile", message = "runs without AppArmor (AppArmorProfile: unconfined)",
      remediation = "Recreate the container without --privileged or --security-opt apparmor=unconfined, so the default profile (docker-default) applies.",
    }
  end
end

return check
