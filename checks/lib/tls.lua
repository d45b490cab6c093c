-- tls.lua — what turns TLS certificate verification off: command options
-- (`curl -k`, `wget --no-check-certificate`, `pip --trusted-host`, npm/yarn
-- strict-ssl false, git http.sslVerify false), settings written into config
-- files (sslverify=0, check_certificate = off, Verify-Peer false) and
-- environment variables (NODE_TLS_REJECT_UNAUTHORIZED=0, GIT_SSL_NO_VERIFY,
-- PYTHONHTTPSVERIFY=0, NPM_CONFIG_STRICT_SSL=false). The knowledge behind
-- tls-verification-disabled; commands come from shell.lua.
--
-- tls.env_disables(name, value) → boolean
-- tls.disabled_by(c) → reason, word (nil when c leaves verification on)
local M = {}

local CURL_VAL = {} -- curl short options that take a value
for ch in ("AbcCdDeEFHKmoPQrTtuUwxXyYz"):gmatch(".") do CURL_VAL[ch] = true end

-- Environment settings that turn verification off: name → predicate on the value.
local ENV = {
  NODE_TLS_REJECT_UNAUTHORIZED = function(v) return v == "0" end,
  GIT_SSL_NO_VERIFY = function(v) return v ~= "" and v ~= "0" and v:lower() ~= "false" end,
  PYTHONHTTPSVERIFY = function(v) return v == "0" end,
  NPM_CONFIG_STRICT_SSL = function(v) return v:lower() == "false" end,
}

-- Does setting variable `name` (any case) to `value` turn verification off?
function M.env_disables(name, value)
  local f = ENV[(name or ""):upper()]
  return f and type(value) == "string" and f(value)
end

-- Text written into a config file or passed as an option value.
local PATTERNS = {
  { "[Hh][Tt][Tt][Pp]%.[Ss][Ss][Ll][Vv][Ee][Rr][Ii][Ff][Yy]%s*=%s*[Ff][Aa][Ll][Ss][Ee]", "http.sslVerify=false" },
  { "[Ss][Ss][Ll][Vv][Ee][Rr][Ii][Ff][Yy]%s*=%s*[0Ff][Aa]?[Ll]?[Ss]?[Ee]?%f[^%w]", "sslverify=0" },
  { "check_certificate%s*=%s*off", "check_certificate = off" },
  { "[Vv]erify%-[Pp]eer[\"%s=]+false", "Verify-Peer false" },
  { "[Vv]erify%-[Hh]ost[\"%s=]+false", "Verify-Host false" },
  { "strict%-ssl%s*=%s*false", "strict-ssl=false" },
}

-- Per command name: the option (reason, word) that turns verification off.
local function curl(args, words)
  for j, a in ipairs(args) do
    if a == "--insecure" then return "curl --insecure", words[j] end
    if a:match("^%-[^%-]") then
      for ch in a:sub(2):gmatch(".") do
        if ch == "k" then return "curl -k", words[j] end
        if CURL_VAL[ch] then break end
      end
    end
  end
end

local function wget(args, words)
  for j, a in ipairs(args) do
    if a == "--no-check-certificate" then return "wget --no-check-certificate", words[j] end
  end
end

local function pip(args, words)
  for j, a in ipairs(args) do
    if a == "--trusted-host" or a:match("^%-%-trusted%-host=") or a:match("trusted%-host$") then
      return "pip --trusted-host", words[j]
    end
  end
end

local function npm(args, words, n)
  for j, a in ipairs(args) do
    if a == "strict-ssl" and (args[j + 1] == "false") then return n .. " strict-ssl false", words[j] end
    if a == "--strict-ssl=false" or (a == "--strict-ssl" and args[j + 1] == "false") then return n .. " --strict-ssl=false", words[j] end
  end
end

local function git(args, words)
  for j, a in ipairs(args) do
    if a:lower() == "http.sslverify" and (args[j + 1] == "false" or args[j + 1] == "0") then
      return "git http.sslVerify false", words[j]
    end
  end
end

local BY_NAME = { curl = curl, wget = wget, uv = pip, pipenv = pip, npm = npm, yarn = npm, pnpm = npm, git = git }

-- Why command c (from shell.parse) disables verification: a reason ("curl -k",
-- "NODE_TLS_REJECT_UNAUTHORIZED=0", "sslverify=0") and the word that does it
-- (a table with .offset), or nil.
function M.disabled_by(c)
  local n, args, words = c.name, c.args, c.arg_words
  for _, a in ipairs(c.assigns) do
    if M.env_disables(a.name, a.value) then return ("%s=%s"):format(a.name, a.value), { offset = a.offset } end
  end
  if n == "export" or n == "env" then
    for j, a in ipairs(args) do
      local k, v = a:match("^([%w_]+)=(.*)$")
      if M.env_disables(k, v) then return a, words[j] end
    end
  end
  local f = n and (BY_NAME[n] or ((n:match("^pip[%d.]*$") or n:match("^python[%d.]*$")) and pip))
  if f then
    local reason, w = f(args, words, n)
    if reason then return reason, w end
  end
  for j, a in ipairs(args) do
    -- every pattern holds "ssl" (any case), "erify" or "check_certificate":
    -- an argument without them is not tried against each
    if a:find("[Ss][Ss][Ll]") or a:find("erify", 1, true) or a:find("check_certificate", 1, true) then
      for _, p in ipairs(PATTERNS) do
        if a:find(p[1]) then return p[2], words[j] end
      end
    end
  end
  return nil
end

return M
