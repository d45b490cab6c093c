-- world-writable-files: files and directories anyone may write, in an
-- image's final filesystem: directories with the sticky bit (like /tmp),
-- symbolic links (always 0777), device nodes and whatever is under /tmp-like
-- folders are not reported.
local check = {
  id = "IMG-005", name = "world-writable-files", severity = "medium", class = "risk",
  inputs = { "archive" },
  title = "World-writable file or directory in the image",
  description = [[
A file every user may write can be changed by any process in the container,
whatever user it runs as: a world-writable script, binary or configuration
file is a way to run code as whoever uses it next (often root). A
world-writable directory without the sticky bit lets anyone delete or
replace the files in it.]],
  remediation = "Remove write permission for others where the image is built (RUN chmod o-w <path>), or give directories the sticky bit (chmod +t).",
}

local SCRATCH = { "/tmp/", "/var/tmp/", "/dev/shm/", "/run/lock/", "/var/lock/", "/dev/" }

local function scratch(p)
  for _, s in ipairs(SCRATCH) do
    if p:sub(1, #s) == s or p .. "/" == s then return true end
  end
  return false
end

function check.archive(doc, report)
  for i, f in ipairs(doc.files) do
    local m = f.mode or 0
    if m & 2 ~= 0 and (f.type == "file" or f.type == "hardlink" or (f.type == "dir" and m & 0x200 == 0))
      and not scratch(f.path) then
      report {
        path = archive.path("files", i),
        message = ("%s %s is world-writable (%s), from %s"):format(f.type == "dir" and "directory" or "file", archive.shown(f.path),
          archive.mode_string(f), archive.origin(doc, f.layer)),
        remediation = f.type == "dir"
          and ("Where the image is built:\n  RUN chmod o-w %s\n(or chmod +t %s if every user must write there)"):format(archive.quoted(f.path), archive.quoted(f.path))
          or ("Where the image is built:\n  RUN chmod o-w %s"):format(archive.quoted(f.path)),
      }
    end
  end
end

return check
