-- host-pid: the workload shares the node's pid namespace.
-- Kubernetes: spec.hostPID: true; Compose: pid: host.
local check = {
  id = "RT-011", name = "host-pid", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Workload shares the host pid namespace",
  description = [[
A pod with hostPID: true, or a Compose service with pid: host, shares the node's process table: it sees every process on the node, can read their environment and, with ptrace, attach to them.]],
  remediation = "Remove spec.hostPID (Kubernetes) or pid: host (Compose).",
}

check.kubernetes = k8s.host_namespace("hostPID")
check.compose = compose.host_namespace("pid", "pid")

check.container = inspect.host_namespace("PidMode", "PID", "--pid")

return check
