-- world-writable-permissions: chmod 777 / o+w / a+w (sticky directories excepted).
local OPTS = { ["-R"] = true, ["-v"] = true, ["-f"] = true, ["-c"] = true, ["-h"] = true }

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

-- World-writable without the sticky bit? (1777 on a shared directory like /tmp is the norm.)
local function world_writable(mode)
  if not mode then return false end
  if mode:match("^[0-7]+$") then
    local other = tonumber(mode:sub(-1)) or 0
    local special = #mode >= 4 and (tonumber(mode:sub(-4, -4)) or 0) or 0
    return other & 2 ~= 0 and special & 1 == 0
  end
  local ww, sticky = false, false
  for clause in mode:gmatch("[^,]+") do
    local who, op, perm = clause:match("^([ugoa]*)([+=])([rwxXst]*)$")
    if who then
      if perm:find("w", 1, true) and who:find("[oa]") then ww = true end
      if perm:find("t", 1, true) then sticky = true end
    end
  end
  return ww and not sticky
end

return {
  id = "DF-010",
  name = "world-writable-permissions",
  severity = "medium",
  inputs = { "dockerfile", "image" },
  title = "World-writable permissions set",
  description = [[
Files or directories writable by every user let any process in the container
(whatever its user) replace programs, configuration or data the application
trusts. Give write access to the owning user or group only.]],
  remediation = "Grant write access to the owner (and group) only, e.g.\n  RUN chown -R app:app /data && chmod -R 755 /data",

  run = function(doc, report)
    for c, r, k in shell.each_command(doc) do
      local mode, w, target = mode_word(c)
      if removed_later(r.commands, k, target) then mode = nil end
      if world_writable(mode) then
        local fixed = mode:match("^%d+$") and (mode:sub(1, -2) .. tostring((tonumber(mode:sub(-1)) or 0) & 5)) or "o-w"
        report {
          path = c.path, offset = w and w.offset or c.offset,
          message = ("`%s %s` makes %s writable by every user"):format(c.name, mode, target or "the target"),
          remediation = ("Give write access to the owner or group only:\n  RUN chown <user>:<group> %s && %s %s %s"):format(
            target or "<path>", c.name, fixed, target or "<path>"),
        }
      end
    end
  end,
}
