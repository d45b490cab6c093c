-- log-level-not-info: the daemon logs at another level than info.
-- debug logs secrets and noise; warn and above drop what an audit needs.
local check = {
  id = "DMN-002", name = "log-level-not-info", severity = "low", class = "hardening",
  inputs = { "daemon" },
  title = "Daemon log level is not info",
  description = [[
At the info level the daemon records the events an incident review needs without
the volume and sensitive detail of debug logging (request bodies, registry
credentials in some versions). Levels above info drop those events.]],
  remediation = "Remove \"log-level\" from daemon.json or set it to \"info\".",
}

function check.daemon(doc, report)
  local v, at, set = daemon.get(doc, "log-level")
  if set and tostring(v):lower() ~= "info" then
    report {
      path = at, message = ('sets "log-level": "%s" instead of info'):format(tostring(v)),
      remediation = daemon.set("log-level", '"info"', "(or remove the key: info is the default)"),
    }
  end
end

return check
