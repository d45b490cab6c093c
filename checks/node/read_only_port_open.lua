-- read-only-port-open: the kubelet configuration sets readOnlyPort to a port (default 0 in the file).
local check = {
  id = "NODE-038", name = "read-only-port-open", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "Kubelet read-only port open",
  description = [[
The kubelet's read-only port (10255) serves pod specs, node details and metrics
without authentication or authorization to anyone who reaches the node.]],
  remediation = "Set readOnlyPort: 0 in the kubelet configuration (or remove the key).",
}

check.node = flags.want_field("KubeletConfiguration", "readOnlyPort", function(v) return v == nil or v == 0 end, 0,
  "the kubelet serves pods and node details without authentication", "readOnlyPort: 0")

return check
