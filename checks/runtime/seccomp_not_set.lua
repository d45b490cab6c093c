-- seccomp-not-set: a container with no seccomp profile at all (neither its
-- own securityContext.seccompProfile, nor the pod's, nor a legacy
-- seccomp.security.alpha.kubernetes.io annotation). Unconfined is a profile
-- that is set: seccomp-unconfined reports it. Windows pods are exempt (PSS).
local check = {
  id = "RT-020", name = "seccomp-not-set", severity = "medium",
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

function check.kubernetes(doc, report)
  local spec, sp = k8s.pod_spec(doc)
  if not spec or k8s.is_windows(spec) then return end
  local ann = k8s.annotations(doc)
  for c, ct in k8s.each_container(doc, report) do
    -- container field or pod field (k8s.effective: container overrides pod)
    local profile = k8s.effective_of(c, ct, "seccompProfile")
    local set = (type(profile) == "table" and nonempty(profile.type)) or nonempty(ann[POD_ANN])
      or (type(c.name) == "string" and nonempty(ann[CTR_ANN .. c.name]))
    if not set then
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
