-- cd-in-run: `RUN cd …` instead of WORKDIR.
local check = {
  id = "DF-020", name = "cd-in-run", severity = "info", class = "hardening",
  inputs = { "dockerfile" },
  title = "RUN cd instead of WORKDIR",
  description = [[
A RUN that starts with `cd` changes the directory for that RUN only; the next
instruction is back where it was, which is easy to misread. WORKDIR sets the
directory for every following instruction and documents it.]],
  remediation = "Use WORKDIR:\n  WORKDIR /path\n  RUN <rest of the command>",
}

function check.dockerfile(doc, report)
  for _, r in ipairs(shell.dockerfile_runs(doc)) do
    local c = r.commands[1]
    if c and c.depth == 0 and c.name == "cd" and r.form ~= "exec" then
      local dir = c.args[1] or "<dir>"
      -- the rest of a one-line shell-form RUN, after the cd
      local nxt = r.commands[2]
      local rest = nxt and nxt.depth == 0 and r.form ~= "heredoc" and c.path == r.path and r.text:sub(nxt.start + 1)
      report {
        path = c.path, offset = c.offset,
        message = ("RUN starts with `cd %s`: use WORKDIR"):format(dir),
        remediation = ("Use WORKDIR instead:\n  WORKDIR %s\n  RUN %s"):format(dir, rest or "<rest of the command>"),
      }
    end
  end
end

return check
