-- shell-argv: test check for checks/lib/shell.lua and packages.lua. Reports
-- every simple command of every RUN, at its command word, with its argv
-- (words joined by "|"), the prefixes skipped, redirections, the operator
-- before it, nesting depth and the shell options in force.
local check = {
  id = "TST-001", name = "shell-argv", severity = "info",
  inputs = { "dockerfile", "image" },
  title = "Parsed shell commands",
  description = "Test check: prints what shell.parse makes of each RUN.",
  remediation = "None: a test aid.",
}

local function on_command(report, c)
  local extra = {}
  if c.name then extra[#extra + 1] = "name=" .. c.name end
  for _, p in ipairs(c.prefixes) do extra[#extra + 1] = "prefix=" .. p.name end
  for _, a in ipairs(c.assigns) do extra[#extra + 1] = "assign=" .. a.name end
  for _, d in ipairs(c.redirs) do extra[#extra + 1] = "redir" .. d.op .. (d.target or "?") end
  if c.op_before then extra[#extra + 1] = "after" .. (c.op_before == "\n" and "NL" or c.op_before) end
  if c.depth > 0 then extra[#extra + 1] = "depth=" .. c.depth end
  if c.errexit then extra[#extra + 1] = "errexit" end
  if c.pipefail then extra[#extra + 1] = "pipefail" end
  local pk = packages.parse(c)
  if pk then
    local names = {}
    for _, p in ipairs(pk.packages) do names[#names + 1] = p.name .. (p.version and ("@" .. p.version) or "") end
    extra[#extra + 1] = ("pkg=%s:%s[%s]"):format(pk.manager, pk.action or "?", table.concat(names, ","))
  end
  report {
    path = c.path, offset = c.offset,
    message = ("%s {%s}"):format(table.concat(c.argv, "|"), table.concat(extra, " ")),
  }
end

check.dockerfile, check.image = shell.command_handlers(on_command)

return check
