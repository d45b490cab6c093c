-- live-restore-disabled: daemon.json does not set "live-restore": true: restarting or upgrading
-- the daemon stops every container.
local check = {
  id = "DMN-013", name = "live-restore-disabled", severity = "low", class = "hardening",
  inputs = { "daemon" },
  title = "Live restore disabled",
  description = [[
With live restore, containers keep running while the daemon restarts, so security
updates of the daemon do not mean downtime and are not postponed.]],
  remediation = "Set \"live-restore\": true in daemon.json (not available in swarm mode).",
}

check.daemon = daemon.want_bool("live-restore", true, "every container stops when the daemon restarts or is upgraded")

return check
