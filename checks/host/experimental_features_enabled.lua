-- experimental-features-enabled: daemon.json sets "experimental": true.
local check = {
  id = "DMN-016", name = "experimental-features-enabled", severity = "low", class = "risk",
  inputs = { "daemon" },
  title = "Experimental daemon features enabled",
  description = [[
Experimental features are unfinished, may change or disappear, and get less
security review; production daemons should not run them.]],
  remediation = "Remove \"experimental\": true from daemon.json.",
}

check.daemon = daemon.want_bool("experimental", false, "unfinished features with less security review are enabled")

return check
