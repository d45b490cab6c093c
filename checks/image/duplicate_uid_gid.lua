-- duplicate-uid-gid: two accounts of /etc/passwd with one UID, or two
-- groups of /etc/group with one GID.
local check = {
  id = "IMG-003", name = "duplicate-uid-gid", severity = "medium", class = "hardening",
  inputs = { "archive" },
  title = "Duplicate UID or GID",
  description = [[
The kernel knows users and groups by number only: two accounts with one UID
are one user, whatever their names. A second UID 0 account is a hidden root;
files, processes and audit logs cannot tell the two apart.]],
  remediation = "Give each account its own UID and each group its own GID (usermod -u, groupmod -g), or remove the duplicate.",
}

local function dups(report, doc, which, key, noun)
  local f, i = archive.file(doc, "/etc/" .. which)
  local by, order = {}, {}
  for _, row in ipairs(archive.accounts(doc, which)) do
    local id = row[key]
    if id then
      if not by[id] then
        by[id] = {}
        order[#order + 1] = id
      end
      table.insert(by[id], row)
    end
  end
  for _, id in ipairs(order) do
    local rows = by[id]
    if #rows > 1 then
      local names, lines = {}, {}
      for k, r in ipairs(rows) do
        names[k] = r.name
        lines[k] = tostring(r.line)
      end
      report {
        path = archive.path("files", i),
        message = ("%s %d is shared by %s in %s (lines %s)%s"):format(noun, id, table.concat(names, ", "), f.path,
          table.concat(lines, ", "), (id == 0 and key == "uid") and ": each of them is root" or ""),
        remediation = ("Give %s its own %s, or remove it."):format(names[#names], noun),
      }
    end
  end
end

function check.archive(doc, report)
  dups(report, doc, "passwd", "uid", "UID")
  dups(report, doc, "group", "gid", "GID")
end

return check
