-- missing-default-ulimits: daemon.json does not set "default-ulimits".
local check = {
  id = "DMN-007", name = "missing-default-ulimits", severity = "info", class = "hardening",
  inputs = { "daemon" },
  title = "No default ulimits for containers",
  description = [[
Without default ulimits, containers inherit the daemon's limits (often very high
open-file and process counts), so one container can exhaust file descriptors or
processes for the whole host.]],
  remediation = "Set \"default-ulimits\" in daemon.json, e.g. {\"nofile\": {\"Name\": \"nofile\", \"Hard\": 64000, \"Soft\": 64000}}.",
}

function check.daemon(doc, report)
  local v = doc["default-ulimits"]
  if type(v) ~= "table" or next(v) == nil then
    report {
      path = v ~= nil and "default-ulimits" or "", message = 'does not set "default-ulimits": containers inherit the daemon\'s limits',
      remediation = daemon.set("default-ulimits", '{ "nofile": { "Name": "nofile", "Hard": 64000, "Soft": 64000 } }'),
    }
  end
end

return check
