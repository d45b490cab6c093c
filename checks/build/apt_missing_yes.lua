-- apt-missing-yes: apt-get install (or upgrade) without -y.
local check = {
  id = "DF-016", name = "apt-missing-yes", severity = "medium", class = "hardening",
  inputs = { "dockerfile" },
  title = "apt-get install without -y",
  description = [[
Without -y (or --yes, --assume-yes, -qq) apt asks for confirmation; a build has
no terminal to answer, so the command aborts and the build fails, or only
passes while nothing extra needs installing.]],
  remediation = "Add -y:\n  RUN apt-get install -y --no-install-recommends <packages>",
}

local ASKS = { install = true, upgrade = true, ["dist-upgrade"] = true, ["full-upgrade"] = true, ["build-dep"] = true }

function check.dockerfile(doc, report)
  for c, r, k in shell.commands(shell.dockerfile_runs(doc)) do
    local p = packages.parse(c)
    if p and p.family == "apt" and ASKS[p.verb or ""] and not p.yes then
      local prev = r.commands[k - 1]
      local fed = c.op_before == "|" and prev and prev.name == "yes"
      if p.simulate then fed = true end -- a simulation asks nothing
      if not fed then
        local rest = shell.text(c, c.cmd + 1):gsub("^(.-)" .. p.verb:gsub("%-", "%%-"), "%1" .. p.verb .. " -y", 1)
        report {
          path = c.path, offset = c.offset,
          message = ("`%s %s` without -y: the build cannot answer the prompt"):format(c.name, p.verb),
          remediation = ("Add -y:\n  %s %s"):format(c.name, rest),
        }
      end
    end
  end
end

return check
