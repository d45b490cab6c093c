-- etcd-peer-client-cert-auth-off: etcd does not set --peer-client-cert-auth=true.
local check = {
  id = "NODE-035", name = "etcd-peer-client-cert-auth-off", severity = "high", class = "risk",
  inputs = { "node" },
  title = "etcd peers not authenticated",
  description = [[
Without peer client certificate authentication, any host that reaches etcd's peer
port can pose as a member and receive the replicated cluster data.]],
  remediation = "Set --peer-client-cert-auth=true and --peer-trusted-ca-file on every etcd member.",
}

check.node = flags.want_bool("etcd", "peer-client-cert-auth", true, false, "any host that reaches the peer port can join the replication")

return check
