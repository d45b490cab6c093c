-- etcd-auto-tls: etcd sets --auto-tls=true.
local check = {
  id = "NODE-033", name = "etcd-auto-tls", severity = "high", class = "risk",
  inputs = { "node" },
  title = "etcd uses self-signed client certificates",
  description = [[
--auto-tls makes etcd generate a self-signed certificate for its clients: clients
cannot verify it, so the connection is open to interception.]],
  remediation = "Remove --auto-tls from etcd and set --cert-file and --key-file to a certificate of the etcd CA.",
}

check.node = flags.want_bool("etcd", "auto-tls", false, false, "clients cannot verify etcd's self-signed certificate")

return check
