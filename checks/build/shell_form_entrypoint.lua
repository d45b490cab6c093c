-- shell-form-entrypoint: CMD or ENTRYPOINT in shell form runs under
-- /bin/sh -c, which does not forward SIGTERM: `docker stop` waits and kills.
-- A shell form that starts with `exec` replaces the shell and is fine.
local check = {
  id = "DF-023", name = "shell-form-entrypoint", severity = "info", class = "hardening",
  inputs = { "dockerfile" },
  title = "CMD or ENTRYPOINT in shell form",
  description = [[
In shell form the container's PID 1 is /bin/sh -c "<command>". The shell does
not forward SIGTERM to the command, so `docker stop` and Kubernetes wait for
the grace period and then SIGKILL it: no graceful shutdown, lost requests.
Exec form (a JSON array) runs the command as PID 1.]],
  remediation = 'Use exec form: CMD ["executable", "arg1", "arg2"] (or start the shell command with exec).',
}

local function json_array(args)
  local parts = {}
  for _, x in ipairs(docker.words(args)) do parts[#parts + 1] = ('"%s"'):format(x.text:gsub('[\\"]', "\\%0")) end
  return "[" .. table.concat(parts, ", ") .. "]"
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, { "CMD", "ENTRYPOINT" }) do
    local args = ins.args or ""
    if not ins.exec and args ~= "" and not args:match("^exec%s") then
      local simple = not args:find("[|&;<>$`*?(){}]")
      report {
        path = path,
        container = st.name,
        message = ("%s %s is in shell form: signals are not forwarded to the process"):format(ins.cmd, args),
        remediation = simple and ("Write it in exec form:\n  %s %s"):format(ins.cmd, json_array(args))
          or ("Use exec form, or start the command with exec:\n  %s exec %s"):format(ins.cmd, args),
      }
    end
  end
end

return check
