-- seccomp-unconfined-by-default: daemon.json sets "seccomp-profile": "unconfined": containers run without
-- seccomp unless they name a profile.
local check = {
  id = "DMN-015", name = "seccomp-unconfined-by-default", severity = "high", class = "risk",
  inputs = { "daemon" },
  title = "Daemon-wide seccomp disabled",
  description = [[
The default seccomp profile blocks about 44 system calls that containers do not
need and that kernel exploits and escapes rely on. Setting the daemon's profile to
unconfined removes that filter from every container.]],
  remediation = "Remove \"seccomp-profile\": \"unconfined\" (the built-in default profile then applies) or point it at a custom profile file.",
}

function check.daemon(doc, report)
  local v, at = daemon.get(doc, "seccomp-profile")
  if type(v) == "string" and v:lower() == "unconfined" then
    report {
      path = at, message = 'disables seccomp for every container ("seccomp-profile": "unconfined")',
      remediation = 'In /etc/docker/daemon.json remove "seccomp-profile" (the built-in default profile applies) or set it to the path of a custom profile, then restart the daemon.',
    }
  end
end

return check
