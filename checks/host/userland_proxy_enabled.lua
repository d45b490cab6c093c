-- userland-proxy-enabled: daemon.json does not set "userland-proxy": false.
local check = {
  id = "DMN-014", name = "userland-proxy-enabled", severity = "low", class = "hardening",
  inputs = { "daemon" },
  title = "Userland proxy enabled",
  description = [[
With hairpin NAT available, the docker-proxy process per published port is only
extra attack surface and resource use; published ports work through iptables
alone.]],
  remediation = "Set \"userland-proxy\": false in daemon.json.",
}

check.daemon = daemon.want_bool("userland-proxy", false, "a docker-proxy process runs for every published port")

return check
