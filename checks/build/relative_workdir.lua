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

-- dir joined to the absolute directory base, with . and .. resolved.
local function join(base, dir)
  local parts = {}
  for p in (base .. "/" .. dir):gmatch("[^/]+") do
    if p == ".." then parts[#parts] = nil elseif p ~= "." then parts[#parts + 1] = p end
  end
  return "/" .. table.concat(parts, "/")
end

function check.dockerfile(doc, report)
  local cur = {} -- stage index → the WORKDIR in force (nil: the base image's)
  for ins, path, st, i in docker.instructions(doc, { "FROM", "WORKDIR" }) do
    if ins.cmd == "FROM" then
      cur[i] = st.parent and cur[st.parent + 1] or nil
    else
      local raw = ins.args or ""
      local dir = docker.workdir(ins)
      -- a variable whose value is unknown here (no default) leaves the
      -- expansion empty or relative: do not guess
      local unresolved = raw:find("%$") and (dir == "" or not absolute(dir))
      if dir ~= "" and dir ~= "." and dir ~= "./" and not unresolved and not absolute(dir) then
        local fix
        if cur[i] then
          fix = ("Write the absolute path it resolves to (after WORKDIR %s): WORKDIR %s"):format(cur[i], join(cur[i], dir))
        else
          fix = ("Write the absolute path: WORKDIR %s when the base image sets no WORKDIR (it resolves against the base image's own WORKDIR)"):format(join("", dir))
        end
        report {
          path = path .. ".args",
          container = st.name,
          message = ("WORKDIR %s is a relative path"):format(dir),
          remediation = fix,
        }
      end
      if absolute(dir) then cur[i] = dir
      elseif cur[i] and not unresolved and dir ~= "" then cur[i] = join(cur[i], dir)
      else cur[i] = nil end
    end
  end
end

return check
