-- relative-workdir: WORKDIR that is not an absolute path; it then depends on
-- whatever WORKDIR the base image or an earlier line set.
local check = {
  id = "DF-019", name = "relative-workdir", severity = "low", class = "hardening",
  inputs = { "dockerfile" },
  title = "Relative WORKDIR",
  description = [[
A relative WORKDIR is resolved against the previous WORKDIR, which may come
from the base image: when the base image changes it, files land somewhere
else and the container starts in an unexpected directory.]],
  remediation = "Write WORKDIR as an absolute path, e.g. WORKDIR /app.",
}

local function absolute(d)
  return d:sub(1, 1) == "/" or d:match("^%a:[\\/]") ~= nil or d:sub(1, 1) == "\\"
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, "WORKDIR") do
    local raw = ins.args or ""
    local dir = docker.workdir(ins)
    -- a variable whose value is unknown here (no default) leaves the
    -- expansion empty or relative: do not guess
    local unresolved = raw:find("%$") and (dir == "" or not absolute(dir))
    if dir ~= "" and dir ~= "." and dir ~= "./" and not unresolved and not absolute(dir) then
      report {
        path = path .. ".args",
        container = st.name,
        message = ("WORKDIR %s is a relative path"):format(dir),
        remediation = ("Write the absolute path: WORKDIR /%s"):format(dir:gsub("^%./", "")),
      }
    end
  end
end

return check
