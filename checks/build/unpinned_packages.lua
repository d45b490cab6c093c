-- unpinned-packages: apt/apk/pip/npm/gem installs without versions.
local check = {
  id = "DF-017", name = "unpinned-packages", severity = "info", class = "hardening",
  inputs = { "dockerfile" },
  title = "Packages installed without a version",
  description = [[
Installing a package without a version takes whatever the repository has on the
day of the build: two builds of the same Dockerfile differ, and an upstream
change (or a compromised release) arrives unreviewed. Pin versions, or install
from a lock file (pip -r, npm ci).]],
  remediation = "Pin each package: apt `pkg=1.2.3`, apk `pkg=1.2.3-r0`, pip `pkg==1.2.3`, npm `pkg@1.2.3`, gem `pkg -v 1.2.3`; or install from a lock file.",
}

local FAMILIES = { apt = "pkg=1.2.3", apk = "pkg=1.2.3-r0", pip = "pkg==1.2.3", npm = "pkg@1.2.3", gem = "pkg -v 1.2.3" }

function check.dockerfile(doc, report)
  for c in shell.commands(shell.dockerfile_runs(doc)) do
    local p = packages.parse(c)
    if p and FAMILIES[p.family] and p.action == "install" then
      local loose = {}
      for _, pk in ipairs(p.packages) do if pk.pinned == false then loose[#loose + 1] = pk end end
      if #loose > 0 then
        local who = p.family == "pip" and c.name:match("^python") and (c.name .. " -m pip") or c.name
        local names = {}
        for j = 1, math.min(#loose, 4) do names[j] = loose[j].spec end
        if #loose > 4 then names[#names + 1] = ("and %d more"):format(#loose - 4) end
        report {
          path = c.path, offset = loose[1].word.offset,
          message = ("`%s %s` installs %d package%s without a version: %s"):format(
            who, p.verb, #loose, #loose == 1 and "" or "s", table.concat(names, ", ")),
          remediation = ("Pin versions (%s), e.g.\n  %s %s %s"):format(FAMILIES[p.family], who, p.verb,
            FAMILIES[p.family]:gsub("pkg", loose[1].name)),
        }
      end
    end
  end
end

return check
