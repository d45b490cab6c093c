-- bind-address-not-loopback: kube-controller-manager or kube-scheduler --bind-address not 127.0.0.1
-- (default 0.0.0.0), or kube-proxy's metricsBindAddress not on localhost.
local check = {
  id = "NODE-031", name = "bind-address-not-loopback", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "Component endpoint bound beyond localhost",
  description = [[
The controller manager's and scheduler's serving ports and kube-proxy's metrics
endpoint are only needed on the node itself; bound to every interface, they expose
health, metrics and debug handlers to the network.]],
  remediation = "Set --bind-address=127.0.0.1 on kube-controller-manager and kube-scheduler; in the kube-proxy configuration set metricsBindAddress: 127.0.0.1:10249.",
}

local function loopback(v)
  local host = tostring(v):match("^%[([^%]]+)%]") or tostring(v):match("^([^:]*)") or ""
  return host == "127.0.0.1" or host == "localhost" or host == "::1"
end

local function component(doc, report)
  local f = flags.of(doc, { "kube-controller-manager", "kube-scheduler" })
  if not f then return end
  local o = flags.get(f, "bind-address")
  local s = flags.subject(doc, report, f.component)
  if not o then
    s.report { path = f.argv, message = "does not set --bind-address (default 0.0.0.0): it listens on every interface",
               remediation = flags.add_flag(f, "--bind-address=127.0.0.1") }
  elseif not loopback(o.value) then
    s.report { path = o.path, offset = o.offset, message = ("listens beyond localhost (%s)"):format(flags.show(o)),
               remediation = flags.change_flag(o, "--bind-address=127.0.0.1") }
  end
end

check.node = flags.each(component,
  flags.want_field("KubeProxyConfiguration", "metricsBindAddress", function(v) return v == nil or v == "" or loopback(v) end,
    "127.0.0.1:10249", "its metrics endpoint listens beyond localhost", "metricsBindAddress: 127.0.0.1:10249"))

return check
