-- anonymous-auth-enabled: the API server or the kubelet serves anonymous requests.
-- kube-apiserver: --anonymous-auth not false (default true); kubelet
-- configuration: authentication.anonymous.enabled true (default false in the file).
local check = {
  id = "NODE-001", name = "anonymous-auth-enabled", severity = "high", class = "risk",
  inputs = { "node" },
  title = "Anonymous requests allowed",
  description = [[
Requests that no authenticator rejects are served as the user system:anonymous.
Any RBAC binding or kubelet endpoint that grants that user, or
system:unauthenticated, something is then open to the whole network.]],
  remediation = "kube-apiserver: --anonymous-auth=false. Kubelet configuration: authentication.anonymous.enabled: false.",
}

check.node = flags.each(
  flags.want_bool("kube-apiserver", "anonymous-auth", false, true, "requests without credentials are served as system:anonymous"),
  flags.want_field("KubeletConfiguration", "authentication.anonymous.enabled", function(v) return v ~= true end, false,
    "the kubelet API answers requests without credentials", "authentication:\n  anonymous:\n    enabled: false"))

return check
