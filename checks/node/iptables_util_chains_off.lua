-- iptables-util-chains-off: the kubelet configuration sets makeIPTablesUtilChains: false.
local check = {
  id = "NODE-039", name = "iptables-util-chains-off", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "Kubelet does not manage its iptables chains",
  description = [[
The kubelet keeps its iptables utility chains in line with the pods' networking
needs; turned off, the rules drift from what the node runs.]],
  remediation = "Remove makeIPTablesUtilChains: false from the kubelet configuration (the default is true).",
}

check.node = flags.want_field("KubeletConfiguration", "makeIPTablesUtilChains", function(v) return v ~= false end, true,
  "iptables rules are left to drift", "makeIPTablesUtilChains: true")

return check
