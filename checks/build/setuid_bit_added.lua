-- setuid-bit-added: chmod (or install -m / mkdir -m) adding setuid or setgid.
local OPTS = { ["-R"] = true, ["-v"] = true, ["-f"] = true, ["-c"] = true, ["-h"] = true }

-- The mode word of chmod, install -m, mkdir -m.
-- Is `target` removed later in the same RUN (a temporary path)?
local function removed_later(cmds, k, target)
  if not target then return false end
  for j = k + 1, #cmds do
    local d = cmds[j]
    if d.name == "rm" then
      for _, a in ipairs(d.args) do if a == target then return true end end
    end
  end
  return false
end

-- setgid on a directory only makes new files inherit its group: is target a
-- directory? (mkdir -m, install -d, made by mkdir earlier, `find -type d | xargs chmod`)
local function is_dir(c, cmds, k, target)
  if c.name == "mkdir" then return true end
  if c.name == "install" then
    for _, a in ipairs(c.args) do if a == "-d" or a == "--directory" then return true end end
  end
  if target and target:match("/$") then return true end
  for j = k - 1, 1, -1 do
    local d = cmds[j]
    if d.name == "mkdir" and target then
      for _, a in ipairs(d.args) do if a == target then return true end end
    end
    if d.name == "find" and d.pipeline == c.pipeline then
      for t, a in ipairs(d.args) do if a == "-type" and d.args[t + 1] == "d" then return true end end
    end
  end
  return false
end

local function mode_word(c)
  if c.name == "chmod" then
    for j, a in ipairs(c.args) do
      if not OPTS[a] and not a:match("^%-[RvfchH]+$") and a:sub(1, 2) ~= "--" then
        for t = j + 1, #c.args do
          if c.args[t]:sub(1, 1) ~= "-" then return a, c.arg_words[j], c.args[t] end
        end
        return a, c.arg_words[j], nil
      end
    end
  elseif c.name == "install" or c.name == "mkdir" then
    for j, a in ipairs(c.args) do
      if a == "-m" or a == "--mode" then return c.args[j + 1], c.arg_words[j + 1], c.args[j + 2] end
      local v = a:match("^%-%-mode=(.*)$") or a:match("^%-m(%d+)$")
      if v then return v, c.arg_words[j], c.args[j + 1] end
    end
  end
end

-- Does the mode add setuid/setgid? Returns "setuid", "setgid" or nil.
local function adds_suid(mode)
  if not mode then return nil end
  if mode:match("^%d+$") then
    if #mode < 4 then return nil end
    local special = tonumber(mode:sub(-4, -4)) or 0
    if special & 4 ~= 0 then return "setuid" end
    if special & 2 ~= 0 then return "setgid" end
    return nil
  end
  for clause in mode:gmatch("[^,]+") do
    local who, op, perm = clause:match("^([ugoa]*)([+=])([rwxXst]*)$")
    if who and perm:find("s", 1, true) then
      if who == "" or who:find("[ua]") then return "setuid" end
      if who:find("g", 1, true) then return "setgid" end
    end
  end
  return nil
end

return {
  id = "DF-009",
  name = "setuid-bit-added",
  severity = "medium",
  inputs = { "dockerfile", "image" },
  title = "setuid or setgid bit added",
  description = [[
A setuid (or setgid) executable runs with its owner's (group's) rights whoever
starts it: in an image that is usually root, a ready privilege-escalation path
for anyone who gets code running in the container.]],
  remediation = "Do not add setuid/setgid bits; grant the one capability the program needs (setcap) or run it as the right user, and strip existing bits:\n  RUN find / -xdev -perm /6000 -type f -exec chmod a-s {} +",
  frameworks = { cis_docker = "4.8" },

  run = function(doc, report)
    for c, r, k in shell.each_command(doc) do
      local mode, w, target = mode_word(c)
      if removed_later(r.commands, k, target) then mode = nil end
      local kind = adds_suid(mode)
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
  end,
}
