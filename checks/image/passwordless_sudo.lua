-- passwordless-sudo: sudo (or doas) lets the user the image runs as become
-- root without a password: a NOPASSWD rule for the user, a group of the
-- user or ALL, or `Defaults !authenticate`. Images that run as root are
-- runs-as-root's concern. Dockerfile: a RUN of the shipped stages that
-- writes such a rule for the final USER (echo/printf/tee into /etc/sudoers*).
local check = {
  id = "IMG-006", name = "passwordless-sudo", severity = "high", class = "risk",
  inputs = { "dockerfile", "archive" },
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

-- The user the final image runs as: the last USER of the final stage, or of
-- the stage it is built FROM; nil for root or when no stage sets one.
local function dockerfile_user(doc)
  local _, fi = docker.final_stage(doc)
  for _, si in ipairs(docker.lineage(doc, fi)) do
    local last
    for ins in docker.each(doc, si, "USER") do last = ins end
    if last and type(last.args) == "string" then
      local name = last.args:match("^%s*([^:%s]+)")
      if not name or name == "root" or name == "0" then return nil end
      return name
    end
  end
end

-- Does a RUN of the shipped stages put `user` in `group` (useradd/usermod
-- -G/-aG/--groups, adduser user group, gpasswd -a user group)?
local function in_group(doc, lineage, user, group)
  local function listed(list) for g in list:gmatch("[^,]+") do if g == group then return true end end end
  for _, si in ipairs(lineage) do
    for ins in docker.each(doc, si, "RUN") do
      local a = type(ins.args) == "string" and ins.args or ""
      for cmd in a:gmatch("[^;&|]+") do
        local words = {}
        for w in cmd:gmatch("%S+") do words[#words + 1] = w end
        local has_user = false
        for _, w in ipairs(words) do if w == user then has_user = true end end
        if has_user then
          for k, w in ipairs(words) do
            if (w == "-G" or w == "-aG" or w == "--groups" or w == "-a") and words[k + 1] and listed(words[k + 1]) then return true end
            local inline = w:match("^%-%-groups=(.+)$") or w:match("^%-a?G(.+)$")
            if inline and listed(inline) then return true end
          end
          for k, w in ipairs(words) do
            if (w == "adduser" or w == "gpasswd") and words[#words] == group then return true end
            if w == "adduser" and words[k + 1] == user and words[k + 2] == group then return true end
          end
        end
      end
    end
  end
  return false
end

function check.dockerfile(doc, report)
  local user = dockerfile_user(doc)
  if not user then return end
  local _, fi = docker.final_stage(doc)
  local lineage = docker.lineage(doc, fi)
  for _, si in ipairs(lineage) do
    for ins, path in docker.each(doc, si, "RUN") do
      local a = type(ins.args) == "string" and ins.args or ""
      if a:find("NOPASSWD", 1, true) and a:find("sudoers", 1, true) then
        for rule, who in a:gmatch("(([%%#]?[%w_.%-]+)%s+[%w_,]+%s*=%s*[^=\n]-NOPASSWD%s*:%s*[%w/_,%-]*)") do
          local covers = who == "ALL" or who == user or who == "#" .. user
            or (who:sub(1, 1) == "%" and in_group(doc, lineage, user, who:sub(2)))
          if covers then
            report {
              path = path .. ".args", offset = docker.offset_of(ins, rule),
              message = ("the image runs as %s, and this RUN writes a sudoers rule that lets it become root without a password: %s"):format(user, rule),
              remediation = "Remove the NOPASSWD rule (and sudo itself) from the image; do what needs root in the Dockerfile before USER, as root.",
            }
          end
        end
      end
    end
  end
end

return check
