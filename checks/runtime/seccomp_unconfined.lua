-- seccomp-unconfined: a seccomp profile explicitly set to Unconfined.
-- Kubernetes: every securityContext.seccompProfile.type: Unconfined (pod or
-- container level; the Baseline Pod Security Standard forbids each field) and
-- the legacy annotations set to "unconfined". Compose: security_opt
-- seccomp:unconfined or seccomp=unconfined.
local check = {
  id = "RT-021", name = "seccomp-unconfined", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Seccomp explicitly disabled",
  description = [[
An Unconfined seccomp profile lets the container make every system call,
including those (keyctl, unshare, bpf, userfaultfd…) most container escapes
and kernel exploits rely on. The runtime's default profile blocks them and
breaks almost nothing.]],
  remediation = "Use the runtime default seccomp profile (Kubernetes seccompProfile.type: RuntimeDefault; Compose: drop seccomp=unconfined).",
}

local POD_ANN = "seccomp.security.alpha.kubernetes.io/pod"
local CTR_ANN = "container.seccomp.security.alpha.kubernetes.io/"

function check.kubernetes(doc, report)
  local ann, apath = k8s.annotations(doc)
  for s, sc, c in k8s.security_contexts(doc, report) do
    k8s.report_unconfined(sc, s, "seccompProfile")
    local key = (s.pod and POD_ANN) or (type(c.name) == "string" and CTR_ANN .. c.name)
    if key and type(ann[key]) == "string" and ann[key]:lower() == "unconfined" then
      s.report {
        path = apath .. k8s.key(key),
        message = ("runs without seccomp: annotation %s is unconfined"):format(key),
        remediation = ("Delete the deprecated annotation %s and set securityContext.seccompProfile.type: RuntimeDefault instead."):format(key),
      }
    end
  end
end

check.compose = compose.unconfined_opt("seccomp", "seccomp",
  "Delete %s: Docker's default seccomp profile then applies (or name a custom profile: seccomp=./profile.json).")

check.container = inspect.unconfined_opt("seccomp", "seccomp",
  "Recreate the container without --security-opt seccomp=unconfined: the runtime's default profile then applies (or name a custom one: --security-opt seccomp=/path/profile.json).")

return check
