-- pod-pids-limit-missing: the kubelet configuration sets no podPidsLimit (or -1, unlimited).
local check = {
  id = "NODE-041", name = "pod-pids-limit-missing", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "No PIDs limit per pod",
  description = [[
Without a per-pod PIDs limit, one pod's fork bomb exhausts the node's process
table and takes every other pod and the kubelet down with it.]],
  remediation = "Set podPidsLimit in the kubelet configuration (e.g. 4096).",
}

check.node = flags.want_field("KubeletConfiguration", "podPidsLimit", function(v) return type(v) == "number" and v > 0 end, -1,
  "one pod can exhaust the node's processes", "podPidsLimit: 4096")

return check
