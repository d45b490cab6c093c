-- privilege-escalation-by-default: daemon.json does not set "no-new-privileges": true, so containers that
-- do not ask for it can gain privileges through setuid binaries.
local check = {
  id = "DMN-012", name = "privilege-escalation-by-default", severity = "medium", class = "hardening",
  inputs = { "daemon" },
  title = "Containers may gain privileges by default",
  description = [[
no-new-privileges stops a process from gaining privileges through setuid and
setgid binaries or file capabilities. Set daemon-wide, it protects every
container, including those started without --security-opt no-new-privileges.]],
  remediation = "Set \"no-new-privileges\": true in daemon.json.",
}

check.daemon = daemon.want_bool("no-new-privileges", true, "containers gain privileges through setuid binaries unless started with --security-opt no-new-privileges")

return check
