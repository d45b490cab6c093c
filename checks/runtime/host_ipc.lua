-- host-ipc: the workload shares the node's ipc namespace.
-- Kubernetes: spec.hostIPC: true; Compose: ipc: host.
local check = {
  id = "RT-012", name = "host-ipc", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Workload shares the host ipc namespace",
  description = [[
A pod with hostIPC: true, or a Compose service with ipc: host, shares the node's IPC namespace: it can read and write shared memory segments of every process on the node.]],
  remediation = "Remove spec.hostIPC (Kubernetes) or ipc: host (Compose); use ipc: shareable / service:<name> to share memory between services.",
}

check.kubernetes = k8s.host_namespace("hostIPC")
check.compose = compose.host_namespace("ipc", "ipc")

check.container = inspect.host_namespace("IpcMode", "IPC", "--ipc")

return check
