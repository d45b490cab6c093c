-- pipefail-missing: a pipe in a RUN run by /bin/sh without `set -o pipefail`.
local check = {
  id = "DF-018", name = "pipefail-missing", severity = "low", class = "hardening",
  inputs = { "dockerfile" },
  title = "Pipe in a RUN without pipefail",
  description = [[
/bin/sh returns the status of the last command of a pipe only: in
`curl … | tar x` a failed download still lets the build go on with a broken
result. Run such RUNs with `set -o pipefail` (bash), or set a SHELL that does.]],
  remediation = "Before the RUN:\n  SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\n(or start the RUN with `set -o pipefail &&` where the shell supports it)",
}

local POSIX = { sh = true, ash = true, dash = true, busybox = true }
-- Commands that cannot fail in a way that matters at the head of a pipe.
local HARMLESS = { echo = true, printf = true, yes = true, ["true"] = true }
local FIX = "Declare a shell with pipefail before this RUN:\n  SHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nor, where /bin/sh supports it, start the RUN with:\n  RUN set -o pipefail && …"

-- The shell that runs command c (at depth 0: the RUN's own, `top`).
local function governing(c, top)
  while c.depth > 0 do
    if c.script then return c.parent.name end
    c = c.parent
  end
  return top
end

-- The shell of the RUN: its SHELL, or the program a heredoc is fed to.
local function top_shell(r)
  if r.form == "exec" then return "none" end
  local lead = r.form == "heredoc" and (r.ins.args or ""):gsub("<<%-?%S+", ""):match("^%s*(%S+)")
  return shell.basename(lead or r.shell[1] or "sh")
end

-- The pipelines of a RUN, in order: lists of commands joined by |.
local function pipelines(r)
  local pipes, order = {}, {}
  for _, c in ipairs(r.commands) do
    if not pipes[c.pipeline] then pipes[c.pipeline] = {}; order[#order + 1] = pipes[c.pipeline] end
    local list = pipes[c.pipeline]
    list[#list + 1] = c
  end
  return order
end

function check.dockerfile(doc, report)
  for _, r in ipairs(shell.dockerfile_runs(doc)) do
    local top = top_shell(r)
    for _, list in ipairs(pipelines(r)) do
      local c = list[1]
      if #list > 1 and not c.pipefail and POSIX[governing(c, top) or ""] then
        local risky
        for j = 1, #list - 1 do
          if list[j].name and not HARMLESS[list[j].name] then risky = list[j]; break end
        end
        if risky then
          report {
            path = c.path, offset = c.offset,
            message = ("pipe `%s | %s` runs under %s without pipefail: a failure of %s is ignored"):format(
              c.name or "?", list[2].name or "?", governing(c, top), risky.name),
            remediation = FIX,
          }
        end
      end
    end
  end
end

return check
