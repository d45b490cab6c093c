-- passwordless-sudo: sudo (or doas) lets the user the image runs as become
-- root without a password: a NOPASSWD rule for the user, a group of the
-- user or ALL, or `Defaults !authenticate`. Images that run as root are
-- runs-as-root's concern.
local check = {
  id = "IMG-006", name = "passwordless-sudo", severity = "high", class = "risk",
  inputs = { "archive" },
  title = "Runtime user has passwordless sudo",
  description = [[
Running as a non-root user only helps while that user cannot become root. A
NOPASSWD sudo rule (or doas `permit nopass`) for it undoes that: any code
running in the container, or anyone who gets into it, is root with one
command. Install sudo only in build stages, or not at all.]],
  remediation = "Remove the NOPASSWD rule (and sudo itself) from the image; do what needs root in the Dockerfile before USER, as root.",
}

-- The groups the user is in: its primary group and those that list it.
local function groups_of(doc, name, gid)
  local set = {}
  for _, g in ipairs(archive.accounts(doc, "group")) do
    if g.gid == gid then set[g.name] = true end
    for m in (g.members or ""):gmatch("[^,%s]+") do
      if m == name then set[g.name] = true end
    end
  end
  return set
end

function check.archive(doc, report)
  local name, uid, gid = archive.runtime_user(doc)
  if not name then return end
  local groups = groups_of(doc, name, gid)
  for _, r in ipairs(archive.sudo_rules(doc)) do
    local who = r.who or ""
    local covers = who == "ALL" or who == name or (uid and who == "#" .. uid)
      or (who:sub(1, 1) == "%" and groups[who:sub(2)]) or (who:sub(1, 1) == ":" and groups[who:sub(2)])
    if r.nopasswd and covers then
      report {
        path = r.path,
        message = ("the image runs as %s, and %s (line %d) lets it become root without a password: %s"):format(name,
          r.file, r.line, r.text),
        remediation = ("Remove line %d of %s where the image is built, and sudo itself if nothing else needs it."):format(r.line, r.file),
      }
    end
  end
end

return check
