-- always-allow-authorization: the API server or the kubelet authorizes every request.
-- kube-apiserver: --authorization-mode holding AlwaysAllow, or absent (its default);
-- kubelet configuration: authorization.mode AlwaysAllow (default Webhook in the file).
local check = {
  id = "NODE-006", name = "always-allow-authorization", severity = "critical", class = "risk",
  inputs = { "node" },
  title = "Every request authorized (AlwaysAllow)",
  description = [[
With AlwaysAllow, every authenticated (and, with anonymous auth, every anonymous)
request is allowed: RBAC and Node authorization are not consulted at all.]],
  remediation = "kube-apiserver: --authorization-mode=Node,RBAC. Kubelet configuration: authorization.mode: Webhook.",
}

local function apiserver(doc, report)
  local f = flags.of(doc, "kube-apiserver")
  if not f then return end
  local items = flags.list(f, "authorization-mode")
  if items then
    local has, it = flags.has(items, "AlwaysAllow")
    if has then
      flags.subject(doc, report, f.component).report {
        path = it.path, offset = it.offset, message = "authorizes every request: --authorization-mode holds AlwaysAllow",
        remediation = ("Change %s to --authorization-mode=Node,RBAC."):format(flags.get(f, "authorization-mode").text),
      }
    end
  else
    flags.subject(doc, report, f.component).report {
      path = f.argv, message = "does not set --authorization-mode (default AlwaysAllow): every request is authorized",
      remediation = flags.add_flag(f, "--authorization-mode=Node,RBAC"),
    }
  end
end

check.node = flags.each(apiserver,
  flags.want_field("KubeletConfiguration", "authorization.mode", function(v) return v ~= "AlwaysAllow" end, "Webhook",
    "the kubelet API authorizes every request", "authorization:\n  mode: Webhook"))

return check
