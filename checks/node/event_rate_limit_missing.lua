-- event-rate-limit-missing: kube-apiserver does not enable the EventRateLimit admission plugin.
local check = {
  id = "NODE-009", name = "event-rate-limit-missing", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "EventRateLimit admission plugin not enabled",
  description = [[
The EventRateLimit admission plugin caps how many events the API server accepts
per server, namespace and user, so a misbehaving or hostile client cannot exhaust
the API server and etcd with events. It needs a configuration file (--admission-
control-config-file).]],
  remediation = "Add EventRateLimit to --enable-admission-plugins of kube-apiserver.",
}

check.node = flags.want_item("kube-apiserver", "enable-admission-plugins", "EventRateLimit", nil,
  "a flood of events can overload the API server and etcd", "--enable-admission-plugins=NodeRestriction,EventRateLimit")

return check
