-- authorization-plugin-missing: daemon.json sets no "authorization-plugins": every user who reaches the
-- socket may run any command.
local check = {
  id = "DMN-010", name = "authorization-plugin-missing", severity = "low", class = "hardening",
  inputs = { "daemon" },
  title = "No authorization plugin for the Docker API",
  description = [[
Docker's socket is all-or-nothing: whoever can reach it may run any command,
privileged containers included. An authorization plugin decides per request (user,
command, options) what is allowed.]],
  remediation = "Install an authorization plugin (e.g. opa-docker-authz) and list it in \"authorization-plugins\".",
}

function check.daemon(doc, report)
  local v = doc["authorization-plugins"]
  if type(v) ~= "table" or #v == 0 then
    report {
      path = v ~= nil and "authorization-plugins" or "", message = "uses no authorization plugin: every client of the API may run any command",
      remediation = daemon.set("authorization-plugins", '["opa-docker-authz"]', "(after installing the plugin)"),
    }
  end
end

return check
