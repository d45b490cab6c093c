-- remote-script-piped-to-shell: curl/wget output run by a shell.
local check = {
  id = "DF-005", name = "remote-script-piped-to-shell", severity = "high", class = "risk",
  inputs = { "dockerfile", "image", "archive" },
  title = "Remote script piped into a shell",
  description = [[
`curl … | sh` (or `| python3`, `| perl`, `| node`, `| ruby`, `| php`) runs whatever the server (or anyone between it and the build)
returns at that moment, unreviewed and unverified, as part of the image build.
A compromised or changed script goes straight into the image.]],
  remediation = "Download the script to a file, verify its checksum, then run it:\n  RUN curl -fsSLo /tmp/install.sh <url> \\\n      && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n      && sh /tmp/install.sh && rm /tmp/install.sh",
}

local FETCH = { curl = true, wget = true }

-- Interpreters that run a script read from standard input when given no
-- script: `| python3`, `| python3 -`, `| perl`, `| node`, `| ruby`, `| php`.
-- With -c/-e/-m/-r (python3 -c "import json…", perl -ne …) stdin is data.
local INTERPRETERS = { python = true, python2 = true, python3 = true, perl = true, node = true, nodejs = true,
                       ruby = true, php = true, pwsh = true, deno = false }
local DATA_OPTS = { ["-c"] = true, ["-e"] = true, ["-m"] = true, ["-r"] = true, ["-n"] = true, ["-p"] = true,
                    ["-E"] = true, ["--eval"] = true, ["--print"] = true, ["-Command"] = true, ["-File"] = true }

local function interpreter_of_stdin(d)
  local n = d.name and (d.name:match("^(python)%d[%d.]*$") or d.name:match("^(ruby)%d[%d.]*$")
    or d.name:match("^(php)%d[%d.]*$") or d.name)
  if not (n and INTERPRETERS[n]) then return false end
  for _, a in ipairs(d.args) do
    if a == "-" then return true end
    if DATA_OPTS[a] or a:match("^%-[a-zA-Z]*[cemrnpE]$") and a:sub(2, 2) ~= "-" and not a:match("^%-[uIOBsSW]+$") then return false end
    if a:sub(1, 1) ~= "-" then return false end -- a script file: not stdin
  end
  return true
end
local RUNNERS = { eval = true, source = true, ["."] = true }

local function url_of(c)
  for _, a in ipairs(c.args) do if a:match("^https?://") or a:match("^ftp://") then return a end end
  return "<url>"
end

-- The shell that runs c's output, if any.
local function runner(cmds, k)
  local c = cmds[k]
  -- curl … | [tee …|] sh
  for j = k + 1, #cmds do
    local d = cmds[j]
    if d.pipeline ~= c.pipeline then break end
    if d.name and shell.SHELLS[d.name] and not shell.shell_c(d) then return d.name end
    if interpreter_of_stdin(d) then return d.name end
  end
  -- sh <(curl …), bash -c "$(curl …)", eval "$(curl …)"
  if c.subst then
    local p = c.parent
    if p and p.name and (shell.SHELLS[p.name] or RUNNERS[p.name]) then return p.name end
    if p and p.script and p.cmd == 1 and p.words[1].raw:match("^[%$`]") and p.parent and p.parent.name then
      return p.parent.name
    end
  end
  return nil
end

local function on_command(report, c, r, k)
  local sh = FETCH[c.name] and runner(r.commands, k)
  if sh then
    report {
      path = c.path, offset = c.offset,
      message = ("%s output is run by %s: the build executes an unverified remote script (%s)"):format(c.name, sh, url_of(c)),
      remediation = ("Download the script, check it against a known checksum, then run it:\n  RUN curl -fsSLo /tmp/install.sh %s \\\n      && echo \"<sha256>  /tmp/install.sh\" | sha256sum -c - \\\n      && %s /tmp/install.sh && rm /tmp/install.sh"):format(url_of(c), sh),
    }
  end
end

check.dockerfile, check.image = shell.command_handlers(on_command)

-- An image read from an archive has the same config members.
check.archive = check.image

return check
