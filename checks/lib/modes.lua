-- modes.lua — file permission modes set in RUN commands: which mode a
-- `chmod`, `install -m` or `mkdir -m` command (parsed by shell.lua) sets, on
-- what, and what a mode (octal "4755" or symbolic "u+s,o+w") adds. Plain
-- values in and out; used by setuid-bit-added and world-writable-permissions.
--
-- modes.set_by(c) → mode, word, target
-- modes.special(mode) → "setuid" | "setgid" | nil
-- modes.world_writable(mode) → boolean
local M = {}

-- chmod options that take no mode value.
local CHMOD_OPTS = { ["-R"] = true, ["-v"] = true, ["-f"] = true, ["-c"] = true, ["-h"] = true }

-- The mode command c sets, as written ("4755", "u+s", "o+w,g-r"), the word
-- holding it (for report{offset=}) and the first path it is set on; nil when
-- c is not chmod, install or mkdir with a mode. target is nil when none follows.
function M.set_by(c)
  if c.name == "chmod" then
    for j, a in ipairs(c.args) do
      if not CHMOD_OPTS[a] and not a:match("^%-[RvfchH]+$") and a:sub(1, 2) ~= "--" then
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

-- Does the mode add the setuid or setgid bit? "setuid" (also when both are
-- added), "setgid" or nil. Octal modes need four digits to say.
function M.special(mode)
  if not mode then return nil end
  if mode:match("^%d+$") then
    if #mode < 4 then return nil end
    local special = tonumber(mode:sub(-4, -4)) or 0
    if special & 4 ~= 0 then return "setuid" end
    if special & 2 ~= 0 then return "setgid" end
    return nil
  end
  for clause in mode:gmatch("[^,]+") do
    local who, _, perm = clause:match("^([ugoa]*)([+=])([rwxXst]*)$")
    if who and perm:find("s", 1, true) then
      if who == "" or who:find("[ua]") then return "setuid" end
      if who:find("g", 1, true) then return "setgid" end
    end
  end
  return nil
end

-- Does the mode make the target writable by every user? The sticky bit (1777
-- on a shared directory like /tmp, the norm) makes it fine.
function M.world_writable(mode)
  if not mode then return false end
  if mode:match("^[0-7]+$") then
    local other = tonumber(mode:sub(-1)) or 0
    local special = #mode >= 4 and (tonumber(mode:sub(-4, -4)) or 0) or 0
    return other & 2 ~= 0 and special & 1 == 0
  end
  local ww, sticky = false, false
  for clause in mode:gmatch("[^,]+") do
    local who, _, perm = clause:match("^([ugoa]*)([+=])([rwxXst]*)$")
    if who then
      if perm:find("w", 1, true) and who:find("[oa]") then ww = true end
      if perm:find("t", 1, true) then sticky = true end
    end
  end
  return ww and not sticky
end

return M
