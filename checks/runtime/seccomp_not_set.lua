-- seccomp-not-set: a container with no seccomp profile at all (neither its
-- own securityContext.seccompProfile, nor the pod's, nor a legacy
-- seccomp.security.alpha.kubernetes.io annotation). Unconfined is a profile
-- that is set: seccomp-unconfined reports it. Windows pods are exempt (PSS).
local POD_ANN = "seccomp.security.alpha.kubernetes.io/pod"
local CTR_ANN = "container.seccomp.security.alpha.kubernetes.io/"

local function profile_set(p)
  return type(p) == "table" and type(p.type) == "string" and p.type ~= ""
end

return {
  id = "RT-020",
  name = "seccomp-not-set",
  severity = "medium",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "No seccomp profile",
  description = [[
Without a seccomp profile a container may call every system call the kernel
offers, including the rarely used ones most kernel exploits go through.
Kubernetes runs containers Unconfined unless a profile is set (or the kubelet
default is changed); the Restricted Pod Security Standard requires
RuntimeDefault or Localhost on every container.]],
  remediation = "Set the runtime's default profile for the whole pod: spec.securityContext.seccompProfile.type: RuntimeDefault.",
  frameworks = { cis_kubernetes = "5.7.2", pss = "restricted", nsa_cisa = "Pod security" },

  run = function(doc, report)
    local spec, sp = k8s.pod_spec(doc)
    if not spec or (type(spec.os) == "table" and spec.os.name == "windows") then return end
    local meta = k8s.pod_metadata(doc)
    local ann = type(meta) == "table" and type(meta.annotations) == "table" and meta.annotations or {}
    local pod_ann = type(ann[POD_ANN]) == "string" and ann[POD_ANN] ~= ""
    for c, cpath in k8s.containers(doc) do
      local sc = type(c.securityContext) == "table" and c.securityContext or nil
      -- container field or pod field (k8s.effective: container overrides pod)
      local set = profile_set((k8s.effective(spec, sp, c, cpath, "seccompProfile")))
        or pod_ann
        or (type(c.name) == "string" and type(ann[CTR_ANN .. c.name]) == "string" and ann[CTR_ANN .. c.name] ~= "")
      if not set then
        report {
          path = sc and (cpath .. ".securityContext") or cpath,
          container = c.name,
          message = ("container %q has no seccomp profile (none at container or pod level)"):format(c.name or "?"),
          remediation = ("In %s set (for every container at once):\n  securityContext:\n    seccompProfile:\n      type: RuntimeDefault\nor in %s set securityContext.seccompProfile.type: RuntimeDefault."):format(sp, cpath),
          fix = { { path = sp .. ".securityContext.seccompProfile.type", value = "RuntimeDefault" } },
        }
      end
    end
  end,
}
