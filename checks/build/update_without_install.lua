-- update-without-install: a package index update in a RUN that installs nothing.
local INSTALLS = { install = true, upgrade = true, source = true }
local FIX = {
  apt = "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends <packages> \\\n    && rm -rf /var/lib/apt/lists/*",
  apk = "RUN apk add --no-cache <packages>",
  rpm = "RUN dnf install -y <packages> && dnf clean all",
  zypper = "RUN zypper --non-interactive refresh && zypper --non-interactive install <packages> && zypper clean --all",
}

return {
  id = "DF-002",
  name = "update-without-install",
  severity = "medium",
  inputs = { "dockerfile", "image" },
  title = "Package index updated without an install in the same RUN",
  description = [[
A RUN that only refreshes the package index (`apt-get update`, `apk update`,
`dnf makecache`, `zypper refresh`) is cached as its own layer: a later RUN that
installs packages reuses that old index, so rebuilds install stale versions or
fail when the mirror has dropped them, and the index bloats the image.]],
  remediation = "Refresh the index and install in the same RUN:\n  " .. FIX.apt,
  frameworks = { cis_docker = "4.7" },

  run = function(doc, report)
    for _, r in ipairs(shell.runs(doc)) do
      for k, c in ipairs(r.commands) do
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
              remediation = "Refresh the index and install in the same RUN:\n  " .. FIX[p.family],
            }
          end
        end
      end
    end
  end,
}
