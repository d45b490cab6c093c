-- package-signature-check-disabled: package managers told to accept unsigned
-- or unverifiable packages and repositories.
local check = {
  id = "DF-007", name = "package-signature-check-disabled", severity = "high", class = "risk",
  inputs = { "dockerfile", "image", "archive" },
  title = "Package signature verification disabled",
  description = [[
Package signatures are what proves a package comes from its distributor.
`--allow-unauthenticated`, `--force-yes`, `--allow-untrusted`, `--nogpgcheck`,
`--nosignature`, `gpgcheck=0` or `[trusted=yes]` install whatever a mirror, proxy
or attacker on the path serves.]],
  remediation = "Remove the option and import the repository's signing key instead, e.g.\n  RUN curl -fsSL <key-url> | gpg --dearmor -o /usr/share/keyrings/<repo>.gpg\n  and reference it with [signed-by=/usr/share/keyrings/<repo>.gpg].",
}

local OPTS = {
  apt = { ["--allow-unauthenticated"] = true, ["--force-yes"] = true, ["--allow-insecure-repositories"] = true },
  apk = { ["--allow-untrusted"] = true },
  rpm = { ["--nogpgcheck"] = true, ["--no-gpgchecks"] = true },
  zypper = { ["--no-gpg-checks"] = true, ["--no-gpg-check"] = true },
}
local APT_KEYS = { ["apt::get::allowunauthenticated"] = true, ["acquire::allowinsecurerepositories"] = true,
  ["acquire::allowdowngradetoinsecurerepositories"] = true }
local function truthy(v) v = (v or ""):lower(); return v == "true" or v == "1" or v == "yes" end

-- gpgcheck=0 (but not repo_gpgcheck=0 / localpkg_gpgcheck=0), [trusted=yes], AllowUnauthenticated "true"
local function text_reason(a)
  local s = a:lower()
  local i = 1
  while true do
    local b, e = s:find("gpgcheck%s*=%s*[0fn]", i)
    if not b then break end
    local prev = b > 1 and s:sub(b - 1, b - 1) or ""
    if not prev:match("[%w_]") then return "gpgcheck=0" end
    i = e + 1
  end
  -- a local file: repository built in the same RUN has nothing to verify
  if s:find("trusted=yes", 1, true) and not s:find("file:", 1, true) then return "[trusted=yes]" end
  if s:find("allowunauthenticated%s*\"?true") or s:find("allowinsecurerepositories%s*\"?true") then
    return "APT::Get::AllowUnauthenticated"
  end
  return nil
end

local function why(c)
  local p = packages.parse(c)
  if p then
    -- packages built locally (e.g. in an earlier stage) carry no distributor signature
    local set = not p.local_only and OPTS[p.family] or {}
    for _, o in ipairs(p.optlist) do
      if set[o.name] then return ("%s %s"):format(c.name, o.name), o.word end
      if (o.name == "-o" or o.name == "--option") and o.value then
        local k, v = o.value:match("^([^=]+)=(.*)$")
        if k and APT_KEYS[k:lower()] and truthy(v) then return ("%s -o %s"):format(c.name, o.value), o.word end
      end
    end
  end
  if c.name == "rpm" then
    for j, a in ipairs(c.args) do
      if a == "--nosignature" or a == "--nogpgcheck" then return "rpm " .. a, c.arg_words[j] end
    end
  end
  for j, a in ipairs(c.args) do
    local r = text_reason(a)
    if r then return r, c.arg_words[j] end
  end
  return nil
end

local function on_command(report, c)
  local reason, w = why(c)
  if reason then
    report {
      path = c.path, offset = w and w.offset or c.offset,
      message = ("`%s` disables package signature checks (%s)"):format(c.name or "?", reason),
    }
  end
end

check.dockerfile, check.image = shell.command_handlers(on_command)

-- An image read from an archive has the same config members.
check.archive = check.image

return check
