-- copy-multiple-sources-needs-dir: COPY/ADD with several sources whose
-- destination does not end in "/": Docker refuses the build.
local check = {
  id = "DF-026", name = "copy-multiple-sources-needs-dir", severity = "medium", class = "hardening",
  inputs = { "dockerfile" },
  title = "Several sources copied to a destination that is not a directory",
  description = [[
When COPY or ADD has more than one source, the destination must be a
directory written with a trailing slash; otherwise the build fails with
"When using COPY with more than one source file, the destination must be a
directory and end with a /".]],
  remediation = "End the destination with a slash: COPY a b /app/.",
}

local function is_dir(d)
  return d:sub(-1) == "/" or d:sub(-1) == "\\" or d == "." or d == ".." or d:sub(-2) == "/."
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, { "COPY", "ADD" }) do
    local sources, dest = docker.copy_parts(ins)
    if dest and #sources > 1 and dest.text ~= "" and not is_dir(dest.text) then
      report {
        path = path .. ".args",
        offset = dest.offset,
        container = st.name,
        message = ("%s has %d sources but its destination %s does not end in /"):format(ins.cmd, #sources, dest.text),
        remediation = ("End the destination with a slash: %s … %s/"):format(ins.cmd, dest.text),
      }
    end
  end
end

return check
