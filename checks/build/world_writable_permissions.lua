-- world-writable-permissions: chmod 777 / o+w / a+w (sticky directories excepted).
local check = {
  id = "DF-010", name = "world-writable-permissions", severity = "medium", class = "risk",
  inputs = { "dockerfile", "image", "archive" },
  title = "World-writable permissions set",
  description = [[
Files or directories writable by every user let any process in the container
(whatever its user) replace programs, configuration or data the application
trusts. Give write access to the owning user or group only.]],
  remediation = "Grant write access to the owner (and group) only, e.g.\n  RUN chown -R app:app /data && chmod -R 755 /data",
}

local function on_command(report, c, r, k)
  local mode, w, target = modes.set_by(c)
  if shell.removed_later(r.commands, k, target) then mode = nil end
  if modes.world_writable(mode) then
    local fixed = mode:match("^%d+$") and (mode:sub(1, -2) .. tostring((tonumber(mode:sub(-1)) or 0) & 5)) or "o-w"
    report {
      path = c.path, offset = w and w.offset or c.offset,
      message = ("`%s %s` makes %s writable by every user"):format(c.name, mode, target or "the target"),
      remediation = ("Give write access to the owner or group only:\n  RUN chown <user>:<group> %s && %s %s %s"):format(
        target or "<path>", c.name, fixed, target or "<path>"),
    }
  end
end

check.dockerfile, check.image = shell.command_handlers(on_command)

-- An image read from an archive has the same config members.
check.archive = check.image

return check
