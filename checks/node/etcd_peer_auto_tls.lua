-- etcd-peer-auto-tls: etcd sets --peer-auto-tls=true.
local check = {
  id = "NODE-036", name = "etcd-peer-auto-tls", severity = "high", class = "risk",
  inputs = { "node" },
  title = "etcd uses self-signed peer certificates",
  description = [[
--peer-auto-tls makes etcd members use self-signed certificates with each other:
they cannot verify who they replicate to.]],
  remediation = "Remove --peer-auto-tls from etcd and set --peer-cert-file and --peer-key-file to certificates of the etcd CA.",
}

check.node = flags.want_bool("etcd", "peer-auto-tls", false, false, "members cannot verify each other's self-signed certificates")

return check
