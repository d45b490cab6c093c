-- sshd-running: the container's process is an SSH server (sshd), as its command line
-- shows (Path and Args, else Config.Entrypoint and Cmd).
local check = {
  id = "RT-038", name = "sshd-running", severity = "medium", class = "risk",
  inputs = { "container" },
  title = "SSH server running in a container",
  description = [[
An SSH server inside a container is a second way in, with its own keys, passwords
and vulnerabilities to manage, outside the runtime's access control and audit.
docker exec gives a shell when one is needed.]],
  remediation = "Run the application itself as the container's process and remove the SSH server from the image; use docker exec for a shell.",
}

-- Words that start sshd: the program itself, or sshd in a shell command line.
local function runs_sshd(words)
  for i, w in ipairs(words) do
    local base = w:match("([^/]+)$") or w
    if base == "sshd" then return true end
    if i > 1 and (words[i - 1] == "-c") and w:find("%f[%w/]sshd%f[^%w]") then return true end
  end
  return false
end

function check.container(doc, report)
  local words, at = inspect.command(doc)
  if runs_sshd(words) then
    inspect.subject(doc, report).report {
      path = at, message = ("runs an SSH server (%s)"):format(table.concat(words, " ")),
      remediation = "Rebuild the image to run the application itself, without sshd, and recreate the container; use docker exec for a shell.",
    }
  end
end

return check
