-- host-network: the workload shares the node's network namespace.
-- Kubernetes: spec.hostNetwork: true; Compose: network_mode: host.
local check = {
  id = "RT-010", name = "host-network", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Workload shares the host network namespace",
  description = [[
A pod with hostNetwork: true, or a Compose service with network_mode: host, shares the node's network stack: it can bind host ports, sniff traffic on every interface and reach services listening on localhost of the node.]],
  remediation = "Remove spec.hostNetwork (Kubernetes) or network_mode: host (Compose); publish the ports the service needs instead.",
}

check.kubernetes = k8s.host_namespace("hostNetwork")
check.compose = compose.host_namespace("network_mode", "network")

check.container = inspect.host_namespace("NetworkMode", "network", "--network")

return check
