-- iptables-disabled: daemon.json sets "iptables": false.
local check = {
  id = "DMN-003", name = "iptables-disabled", severity = "medium", class = "risk",
  inputs = { "daemon" },
  title = "Docker may not manage iptables",
  description = [[
Docker writes the iptables rules that isolate its networks and publish ports. With
iptables management off, published ports and inter-network isolation depend on
rules written by hand, which drift from what the containers need and usually end
up too open.]],
  remediation = "Remove \"iptables\": false from daemon.json (the default is true).",
}

check.daemon = daemon.want_bool("iptables", true, "network isolation and published ports then depend on hand-written firewall rules")

return check
