-- etcd-client-cert-auth-off: etcd does not set --client-cert-auth=true.
local check = {
  id = "NODE-032", name = "etcd-client-cert-auth-off", severity = "critical", class = "risk",
  inputs = { "node" },
  title = "etcd accepts clients without certificates",
  description = [[
Without client certificate authentication, any process that reaches etcd's client
port reads and writes the whole cluster state, Secrets included, bypassing the API
server's authentication, authorization and audit.]],
  remediation = "Set --client-cert-auth=true and --trusted-ca-file on etcd.",
}

check.node = flags.want_bool("etcd", "client-cert-auth", true, false, "any client that reaches etcd reads and writes every object, Secrets included")

return check
