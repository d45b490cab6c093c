-- update-without-install: a package index update in a RUN that installs nothing.
local check = {
  id = "DF-002", name = "update-without-install", severity = "medium", class = "hardening",
  inputs = { "dockerfile", "image", "archive" },
  title = "Package index updated without an install in the same RUN",
  description = [[
A RUN that only refreshes the package index (`apt-get update`, `apk update`,
`dnf makecache`, `zypper refresh`) is cached as its own layer: a later RUN that
installs packages reuses that old index, so rebuilds install stale versions or
fail when the mirror has dropped them, and the index bloats the image.]],
  remediation = "Refresh the index and install in the same RUN:\n  " .. packages.advice.apt.one_run,
}

local INSTALLS = { install = true, upgrade = true, source = true }

local function on_command(report, c, r, k)
  local p = packages.parse(c)
  if p and p.action == "refresh" then
    local used = shell.find_after(r.commands, k, function(d)
      local q = packages.parse(d)
      return q and q.family == p.family and INSTALLS[q.action]
    end)
    -- an index removed again in the same RUN is not cached either
    local removed = shell.find_after(r.commands, k, function(d) return packages.cleans(d)[p.family] end)
    if not used and not removed then
      report {
        path = c.path, offset = c.offset,
        message = ("`%s %s` runs in a RUN that installs no package: the index is cached in its own layer and later installs use it stale"):format(c.name, p.verb),
        remediation = "Refresh the index and install in the same RUN:\n  " .. packages.advice[p.family].one_run,
      }
    end
  end
end

check.dockerfile, check.image = shell.command_handlers(on_command)

-- An image read from an archive has the same config members.
check.archive = check.image

return check
