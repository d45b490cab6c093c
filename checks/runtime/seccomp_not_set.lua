-- seccomp-not-set: a container with no seccomp profile at all (neither its
-- own securityContext.seccompProfile, nor the pod's, nor a legacy
-- seccomp.security.alpha.kubernetes.io annotation). Unconfined is a profile
-- that is set: seccomp-unconfined reports it. Windows pods are exempt (PSS).
-- A profile whose type is not one of RuntimeDefault, Localhost, Unconfined
-- (the API server rejects it), or Localhost without localhostProfile, is
-- reported as not set.
local check = {
  id = "RT-020", name = "seccomp-not-set", severity = "medium", class = "hardening",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "No seccomp profile",
  description = [[
Without a seccomp profile a container may call every system call the kernel
offers, including the rarely used ones most kernel exploits go through.
Kubernetes runs containers Unconfined unless a profile is set (or the kubelet
default is changed); the Restricted Pod Security Standard requires
RuntimeDefault or Localhost on every container.]],
  remediation = "Set the runtime's default profile for the whole pod: spec.securityContext.seccompProfile.type: RuntimeDefault.",
}

local POD_ANN = "seccomp.security.alpha.kubernetes.io/pod"
local CTR_ANN = "container.seccomp.security.alpha.kubernetes.io/"

local function nonempty(v) return type(v) == "string" and v ~= "" end

local VALID = { RuntimeDefault = true, Localhost = true, Unconfined = true }

-- Why a seccompProfile map is not a valid profile, or nil when it is.
local function invalid(profile)
  if type(profile) ~= "table" or profile.type == nil then return nil end
  if not VALID[profile.type] then
    return ("has seccomp profile type %q, which is not a valid value (RuntimeDefault, Localhost or Unconfined): the API server rejects the pod"):format(tostring(profile.type))
  end
  if profile.type == "Localhost" and not nonempty(profile.localhostProfile) then
    return "has seccomp profile type Localhost without localhostProfile: no profile is named"
  end
  return nil
end

function check.kubernetes(doc, report)
  local spec, sp = k8s.pod_spec(doc)
  if not spec or k8s.is_windows(spec) then return end
  local ann = k8s.annotations(doc)
  for c, ct in k8s.each_container(doc, report) do
    -- container field or pod field (k8s.effective: container overrides pod)
    local profile, ppath = k8s.effective_of(c, ct, "seccompProfile")
    local bad = invalid(profile)
    local set = (type(profile) == "table" and nonempty(profile.type)) or nonempty(ann[POD_ANN])
      or (type(c.name) == "string" and nonempty(ann[CTR_ANN .. c.name]))
    if bad then
      local at = ppath .. (profile.type == "Localhost" and "" or ".type")
      ct.report {
        path = at, message = bad,
        remediation = ("In %s set:\n  type: RuntimeDefault\n(or type: Localhost with localhostProfile: <file under the kubelet's seccomp directory>)."):format(ppath),
        fix = { { path = ppath .. ".type", value = "RuntimeDefault" } },
      }
    elseif not set then
      ct.report {
        path = ct.lacking,
        message = "has no seccomp profile (none at container or pod level)",
        remediation = ("In %s set (for every container at once):\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\nor in %s set securityContext.seccompProfile.type: RuntimeDefault."):format(sp, ct.path),
        fix = { { path = sp .. ".securityContext.seccompProfile.type", value = "RuntimeDefault" } },
      }
    end
  end
end

return check
