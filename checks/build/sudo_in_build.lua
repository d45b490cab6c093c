-- sudo-in-build: sudo in a RUN.
local check = {
  id = "DF-008", name = "sudo-in-build", severity = "high", class = "hardening",
  inputs = { "dockerfile", "image", "archive" },
  title = "sudo used in a RUN",
  description = [[
Using sudo in a build means sudo and a sudoers rule ship in the image, so a
process that gets in can become root again; its TTY and signal handling also
make builds hang or behave unpredictably. RUN already runs as the current USER:
switch to root with USER for the steps that need it.]],
  remediation = "Switch user around the step instead:\n  USER root\n  RUN <command>\n  USER <app user>",
}

-- Where sudo is in command c: as a prefix, or as the command itself.
local function sudo_at(c)
  for _, p in ipairs(c.prefixes) do if p.name == "sudo" then return p.offset end end
  if c.name == "sudo" then return c.offset end
end

local function on_command(report, c)
  local at = sudo_at(c)
  if at then
    local what = c.name and c.name ~= "sudo" and shell.text(c) or "sudo"
    report {
      path = c.path, offset = at,
      message = ("sudo in a RUN: `sudo %s`"):format(what),
      remediation = ("Run the step as root with USER instead of sudo, and drop sudo from the image:\n  USER root\n  RUN %s\n  USER <app user>"):format(what),
    }
  end
end

check.dockerfile, check.image = shell.command_handlers(on_command)

-- An image read from an archive has the same config members.
check.archive = check.image

return check
