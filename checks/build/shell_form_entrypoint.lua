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

local KEYWORDS = { ["while"] = true, ["for"] = true, ["if"] = true, ["until"] = true, ["case"] = true,
                   ["{"] = true, ["("] = true, ["!"] = true, ["function"] = true, ["select"] = true }

-- Is the shell text more than one simple command (a list, a pipeline, a
-- compound command)? Operators inside quotes do not count.
local function compound(args)
  local first = args:match("^%s*([^%s]+)")
  local a = args
  for _ = 1, 20 do -- assignments before the command word
    local rest = a:match("^%s*[A-Za-z_][A-Za-z0-9_]*=%S*%s+(.*)$")
    if not rest then break end
    a = rest
  end
  first = a:match("^%s*([^%s]+)") or first
  if first and (KEYWORDS[first] or first:sub(1, 1) == "(" or first:sub(1, 1) == "{") then return true end
  local unq = args:gsub("'[^']*'", ""):gsub('"[^"]*"', "")
  return unq:find("[;&|\n]") ~= nil
end

-- The VAR=value words that lead args (with their spaces), and the rest.
local function leading_assignments(args)
  local lead, a = "", args
  for _ = 1, 20 do
    local asg, rest = a:match("^(%s*[A-Za-z_][A-Za-z0-9_]*=%S*%s+)(.*)$")
    if not asg then break end
    lead, a = lead .. asg:gsub("^%s+", ""), rest
  end
  return lead, a
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, { "CMD", "ENTRYPOINT" }) do
    local args = ins.args or ""
    if not ins.exec and args ~= "" and not args:match("^exec%s") then
      local simple = not args:find("[|&;<>$`*?(){}]")
      local fix
      if simple then
        fix = ("Write it in exec form:\n  %s %s"):format(ins.cmd, json_array(args))
      elseif compound(args) then
        -- `exec while …` or `exec a && b` would be wrong: exec replaces the
        -- shell with one simple command only
        fix = ("Move the commands into a script whose last line starts the long-running process with exec, and run it in exec form:\n  COPY start.sh /usr/local/bin/start.sh\n  %s [\"/usr/local/bin/start.sh\"]"):format(ins.cmd)
      else
        local lead, cmd = leading_assignments(args)
        fix = ("Use exec form, or start the command with exec:\n  %s %sexec %s"):format(ins.cmd, lead, cmd)
      end
      report {
        path = path,
        container = st.name,
        message = ("%s %s is in shell form: signals are not forwarded to the process"):format(ins.cmd, args),
        remediation = fix,
      }
    end
  end
end

return check
