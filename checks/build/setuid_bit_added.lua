-- setuid-bit-added: chmod (or install -m / mkdir -m) adding setuid or setgid.
local check = {
  id = "DF-009", name = "setuid-bit-added", severity = "medium", class = "risk",
  inputs = { "dockerfile", "image", "archive" },
  title = "setuid or setgid bit added",
  description = [[
A setuid (or setgid) executable runs with its owner's (group's) rights whoever
starts it: in an image that is usually root, a ready privilege-escalation path
for anyone who gets code running in the container.]],
  remediation = "Do not add setuid/setgid bits; grant the one capability the program needs (setcap) or run it as the right user, and strip existing bits:\n  RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +",
}

local function has_arg(c, value)
  for _, a in ipairs(c.args) do if a == value then return true end end
  return false
end

-- setgid on a directory only makes new files inherit its group: is target a
-- directory? (mkdir -m, install -d, made by mkdir earlier, `find -type d | xargs chmod`)
local function is_dir(c, cmds, k, target)
  if c.name == "mkdir" then return true end
  if c.name == "install" and (has_arg(c, "-d") or has_arg(c, "--directory")) then return true end
  if target and target:match("/$") then return true end
  for j = k - 1, 1, -1 do
    local d = cmds[j]
    if d.name == "mkdir" and target and has_arg(d, target) then return true end
    if d.name == "find" and d.pipeline == c.pipeline then
      for t, a in ipairs(d.args) do if a == "-type" and d.args[t + 1] == "d" then return true end end
    end
  end
  return false
end

local function on_command(report, c, r, k)
  local mode, w, target = modes.set_by(c)
  if shell.removed_later(r.commands, k, target) then mode = nil end
  local kind = modes.special(mode)
  if kind == "setgid" and is_dir(c, r.commands, k, target) then kind = nil end
  if kind then
    report {
      path = c.path, offset = w and w.offset or c.offset,
      message = ("`%s %s` adds the %s bit%s"):format(c.name, mode, kind, target and (" to " .. target) or ""),
      remediation = ("Leave the %s bit off (e.g. `%s %s`), and give the program a capability or the right USER instead."):format(
        kind, c.name, mode:match("^%d+$") and (mode:sub(1, -5) .. "0" .. mode:sub(-3)) or "u-s,g-s"),
    }
  end
end

check.dockerfile, check.image = shell.command_handlers(on_command)

-- An image read from an archive has the same config members.
check.archive = check.image

return check
