-- apt-install-recommends: apt-get install without --no-install-recommends.
local check = {
  id = "DF-015", name = "apt-install-recommends", severity = "low", class = "hardening",
  inputs = { "dockerfile" },
  title = "apt-get install pulls recommended packages",
  description = [[
By default apt also installs every "Recommended" package: often dozens of
packages the image never uses, each one more thing to patch and to attack.]],
  remediation = "Add --no-install-recommends:\n  RUN apt-get install -y --no-install-recommends <packages>",
}

function check.dockerfile(doc, report)
  for c in shell.commands(shell.dockerfile_runs(doc)) do
    local p = packages.parse(c)
    if p and p.family == "apt" and p.verb == "install" and not p.no_recommends and not p.simulate then
      local rest = shell.text(c, c.cmd + 1):gsub("^(.-)install", "%1install --no-install-recommends", 1)
      report {
        path = c.path, offset = c.offset,
        message = ("`%s install` without --no-install-recommends"):format(c.name),
        remediation = ("Add --no-install-recommends:\n  %s %s"):format(c.name, rest),
      }
    end
  end
end

return check
