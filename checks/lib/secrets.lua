-- secrets.lua — what holds a secret: provider tokens (patterns matched with
-- PCRE2 in C), also base64-encoded; sensitive names with a literal,
-- non-reference value; key and credential files; login passwords on a
-- command line. And reporting a token where it is, masked.
--
--   secrets.find_token(s)            → label, start, end of the first provider token
--   secrets.sensitive_name(name)     → does the name say it holds a secret?
--   secrets.literal_value(v)         → is v written out (not a reference, placeholder, small number)?
--   secrets.classify(name, value)    → reason (a token label, or "sensitive name with a
--                                      literal value") or nil
--   secrets.b64decode(s)             → the bytes s encodes in base64, or nil
--   secrets.find_encoded_token(s)    → label of a token in base64-encoded text, or nil
--   secrets.credential_file(path)    → what a key or credential file is ("an SSH private
--                                      key", "AWS credentials"…), or nil
--   secrets.credential_written(path, text) → does writing text to path store a credential?
--   secrets.login_password(args, from) → index, value, joined of a login's password option
--   secrets.report_token(report, s, path, where[, ctx]) → true when it reported the
--                                      first token of string s, masked
--   secrets.report_tokens(report, list, path, where[, ctx]) → the same for every
--                                      string of a list (a command line), at path[i]
--   secrets.report_members(report, map, path, where[, ctx[, skip]]) → the same for
--                                      every member of a map, named "<where> <key>"
--   for key, value, path in secrets.members(map, path) do … end
--                                    → a map's string keys in order, with their paths
-- Nothing here keeps state between calls.
local M = {}

-- The rule set is data: checks/lib/secret_rules.lua (the library
-- `secret_rules`). M.rules is its list of rules; M.token_patterns the same as
-- { label, pattern } pairs, for custom checks written against the old list.
M.rules = secret_rules.rules
local token_patterns = {}
for i, r in ipairs(secret_rules.rules) do token_patterns[i] = { r.label, r.pattern } end
M.token_patterns = token_patterns

-- Shannon entropy of s in bits per character.
function M.entropy(s)
  if #s == 0 then return 0 end
  local count = {}
  for i = 1, #s do local c = s:byte(i); count[c] = (count[c] or 0) + 1 end
  local h = 0
  for _, n in pairs(count) do local p = n / #s; h = h - p * math.log(p, 2) end
  return h
end

-- Does value v stand for a secret without being one (changeme, <password>,
-- ${VAR}, {{ .Values.x }}, /run/secrets/x, vault:…)? secret_rules.placeholders.
function M.placeholder(v)
  if type(v) ~= "string" then return false end
  for _, p in ipairs(secret_rules.placeholders) do
    if regex.test(v, p) then return true end
  end
  return false
end

-- The rules' keywords, searched all at once (plimsoll.keywords: one pass over
-- the text, letters compared without case) to pick the rules worth running.
local keyword_lists = {}
for i, r in ipairs(secret_rules.rules) do
  local kws = {}
  for j, kw in ipairs(r.keywords) do kws[j] = kw end
  keyword_lists[i] = kws
end
local rule_keywords = plimsoll.keywords(keyword_lists)

-- Rule r on string s, which holds one of its keywords: start, end of the
-- first match that is not a placeholder and has the rule's entropy, or nil.
local function try_rule(r, s)
  local init = 1
  for _ = 1, 8 do -- at most 8 candidates per rule and string
    local a, b = regex.find(s, r.pattern, init)
    if not a then return nil end
    if b >= a then
      local v = s:sub(a, b)
      if not M.placeholder(v) and (not r.entropy or M.entropy(v) >= r.entropy)
        and (not r.min_len or #v >= r.min_len) then
        return a, b
      end
    end
    init = math.max(b, a) + 1
  end
  return nil
end

-- The label of the first provider token found in s, with its start and end
-- (and the rule's id as a fourth value). Rules are tried in order; only those
-- with a keyword in s run their pattern (the pre-filter).
function M.find_token(s)
  if type(s) ~= "string" or #s < 8 then return nil end
  local rules = secret_rules.rules
  for _, i in ipairs(rule_keywords:hits(s)) do
    local r = rules[i]
    local a, b = try_rule(r, s)
    if a then return r.label, a, b, r.id end
  end
  return nil
end

-- Names that say "this holds a secret". Matched case-insensitively on the
-- name split at _ - . boundaries.
local sensitive = [[(?i)(?:^|[_.\-])(?:pass(?:word|wd|phrase)?|pwd|secret|secret[_\-]?key|token|auth[_\-]?token|access[_\-]?token|refresh[_\-]?token|api[_\-]?key|apikey|access[_\-]?key|private[_\-]?key|priv[_\-]?key|client[_\-]?secret|credentials?|creds|connection[_\-]?string|encryption[_\-]?key|signing[_\-]?key|master[_\-]?key|session[_\-]?key|account[_\-]?key|storage[_\-]?key|shared[_\-]?(?:access[_\-]?)?key|key[_\-]?content|accountkey|storagekey|sharedkey)(?:$|[_.\-])|(?i)^azure[_\-](?:[a-z0-9]+[_\-])*key$]]

-- Suffixes that say "this names where the secret is", not the secret.
local pointer = [[(?i)(?:[_.\-](?:file|path|dir|directory|name|names|ref|id|url|uri|endpoint|host|key[_\-]?id|location|mount|env|var|enabled|enable|disabled|required|length|len|ttl|expiry|expires|timeout|type|mode|version|header|field|user|username|policy|provider|secret[_\-]?name|arn)|^(?:use|enable|disable|no|skip|allow)[_\-].*)$]]

function M.sensitive_name(name)
  if type(name) ~= "string" then return false end
  return regex.test(name, sensitive) and not regex.test(name, pointer)
end

-- A name ending in KEY (STRIPE_KEY, app.key) that is not a pointer or a
-- public key: it holds a secret when its value looks random.
local key_suffix = [[(?i)(?:^|[_.\-])key$]]
local public_key = [[(?i)(?:^|[_.\-])(?:pub(?:lic)?|publishable|gpg|pgp|gnupg|signing|fingerprint|sort|partition|primary|foreign|cache|route|routing|hot|map|license|idempotency|dedup|group|label|lookup|hash|index|ssh[_\-]?host|host)[_.\-]?key$]]

-- Values that are not literal secrets: empty, references to variables or
-- files, placeholders that a deploy step replaces, booleans and small numbers.
local reference = [[^(?:\$\(?[A-Za-z_][A-Za-z0-9_]*\)?|\$\{[^}]*\}|\{\{.*\}\}|<[^>]*>|%[A-Za-z_]+%|/[^\s]*|file:.*|vault:.*|arn:aws:.*|ref\+.*|secret(?:s)?://.*|(?:true|false|yes|no|on|off|null|none|xxx+|\*+|\.\.\.|-+|[0-9]{1,6})|.*\$\{[A-Za-z_][A-Za-z0-9_]*(?::?[-=?+][^}]*)?\}.*)$]]

function M.literal_value(v)
  if type(v) ~= "string" then return false end
  v = v:match("^%s*(.-)%s*$")
  if v == "" or #v < 4 then return false end
  return not regex.test(v, "(?i)" .. reference) and not M.placeholder(v)
end

-- Decide for one name/value pair: returns a reason string or nil.
function M.classify(name, value)
  if type(value) ~= "string" then
    if type(value) == "number" then value = tostring(value) else return nil end
  end
  local label = M.find_token(value)
  if label then return label end
  if M.sensitive_name(name) and M.literal_value(value) then
    return "sensitive name with a literal value"
  end
  if type(name) == "string" and regex.test(name, key_suffix) and not regex.test(name, public_key)
    and not regex.test(name, pointer) and M.literal_value(value) and #value >= 16
    and not value:find("%s") and M.entropy(value) >= 3.5 then
    return "random value in a key name"
  end
  return nil
end

-- The NAME=value, name: value and name = value lines of a configuration
-- file's text (.env, .properties, YAML, INI), as a list of { name, value,
-- offset } (offset: 0-based byte of the value in text); quotes around the
-- value and a trailing " # comment" removed. Section headers, comments and
-- lines without a value are skipped.
function M.config_lines(text)
  local out = {}
  if type(text) ~= "string" then return out end
  local pos = 1
  while pos <= #text and #out < 1000 do
    local nl = text:find("\n", pos, true) or (#text + 1)
    local line = text:sub(pos, nl - 1)
    local _, name, _, rest = line:match("^(%s*[%-]?%s*)(%\"?[A-Za-z_][A-Za-z0-9_.%-]*%\"?)(%s*[:=]%s*)(.*)$")
    if name and not line:match("^%s*[#;]") then
      name = name:gsub('"', "")
      local v = rest:gsub("%s+#.*$", ""):gsub("%s+$", "")
      local voff = #line - #rest
      local q = v:match("^([\"'])")
      if q and v:sub(-1) == q and #v >= 2 then v = v:sub(2, -2); voff = voff + 1 end
      if v ~= "" and not v:match("^[|>]") and not v:find("[%s%(%[]") then
        out[#out + 1] = { name = name, value = v, offset = pos - 1 + voff }
      end
    end
    pos = nl + 1
  end
  return out
end

local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local b64val = {}
for i = 1, #B64 do b64val[B64:byte(i)] = i - 1 end
b64val[("-"):byte()] = 62 -- URL-safe alphabet
b64val[("_"):byte()] = 63

-- Decode base64 (standard or URL-safe, padding optional, whitespace ignored);
-- nil when s is not base64 or is shorter than 16 characters.
function M.b64decode(s)
  s = s:gsub("%s", "")
  if #s < 16 or not s:match("^[A-Za-z0-9+/_%-]+=?=?$") then return nil end
  s = s:gsub("=", "")
  if #s % 4 == 1 then return nil end
  local out, bits, nbits = {}, 0, 0
  for i = 1, #s do
    bits = (bits << 6) | b64val[s:byte(i)]
    nbits = nbits + 6
    if nbits >= 8 then
      nbits = nbits - 8
      out[#out + 1] = string.char((bits >> nbits) & 0xFF)
    end
  end
  return table.concat(out)
end

-- The label of the first provider token in the text that s encodes in
-- base64, when s is base64 of mostly printable text (at most one byte in ten
-- outside tab, newline and ASCII 32-126); nil otherwise.
function M.find_encoded_token(s)
  local text = type(s) == "string" and M.b64decode(s)
  if not text or select(2, text:gsub("[^\t\n\r\32-\126]", "")) * 10 > #text then return nil end
  return (M.find_token(text))
end

-- Credential files by path: { what, test(lower-case path, its base name) },
-- the first that matches wins.
local credential_files = {
  { "an SSH private key", function(p, b) return b:match("^id_[%w]+$") and b ~= "id_rsa.pub"
      and (b:match("^id_rsa$") or b:match("^id_dsa$") or b:match("^id_ecdsa") or b:match("^id_ed25519")) end },
  { "an SSH directory", function(p, b) return b == ".ssh" end },
  { "AWS credentials", function(p) return p:match("%.aws/credentials$") or p:match("%.aws/?$") end },
  { "Docker registry credentials", function(p) return p:match("%.docker/config%.json$") end },
  { "Kubernetes credentials", function(p, b) return b == "kubeconfig" or p:match("%.kube/config$") or p:match("%.kube/?$") end },
  { "package registry credentials", function(p, b) return b == ".npmrc" or b == ".pypirc" or b == ".gem/credentials" or p:match("%.gem/credentials$") end },
  { "git credentials", function(p, b) return b == ".git-credentials" end },
  { "a .netrc", function(p, b) return b == ".netrc" or b == "_netrc" end },
  { "an environment file", function(p, b)
      return (b == ".env" or b:match("^%.env%.")) and not b:match("%.example$") and not b:match("%.sample$")
        and not b:match("%.template$") and not b:match("%.dist$") and not b:match("%.tpl$") end },
  { "a PKCS#12 keystore", function(p, b) return b:match("%.p12$") or b:match("%.pfx$") end },
  { "a Java keystore", function(p, b) return b:match("%.jks$") or b:match("%.keystore$") end },
  { "a private key", function(p, b)
      if not (b:match("%.pem$") or b:match("%.key$")) then return false end
      -- certificates, CA bundles, public and signing keys are public
      return not (b:match("cert") or b:match("^ca[%.%-_]") or b:match("[%-_]ca%.") or b:match("chain")
        or b:match("bundle") or b:match("pub") or b:match("gpg") or b:match("signing") or b:match("release")
        or b:match("apt") or b:match("repo") or b:match("archive") or b:match("^ca%.") or b:match("trust")
        or b:match("root") or b:match("%.crt")) end },
  { "an htpasswd file", function(p, b) return b == ".htpasswd" end },
  { "a GCP service account key", function(p, b) return b:match("service[%-_]account.*%.json$") end },
  { "a KeePass database", function(p, b) return b:match("%.kdbx?$") end },
  { "a password store", function(p, b)
      return b == ".pgpass" or b == ".my.cnf" or b == ".vault_pass" or b == ".vault-password" or b:match("^vault[%-_]pass")
        or b == "secring.gpg" or b:match("%.psafe3$") or b:match("%.agilekeychain$") or b:match("%.1pux$") end },
  { "a secrets file", function(p, b)
      local stem, ext = b:match("^(.-)%.([%w]+)$")
      if not stem then stem, ext = b, "" end
      local words = { secret = 1, secrets = 1, password = 1, passwords = 1, passwd = 0, token = 1, tokens = 1,
                      credential = 1, credentials = 1, creds = 1, apikey = 1, api_key = 1, ["api-key"] = 1, apikeys = 1 }
      local exts = { [""] = 1, txt = 1, json = 1, yaml = 1, yml = 1, env = 1, ini = 1, conf = 1, cfg = 1,
                     properties = 1, toml = 1, xml = 1, csv = 1, dat = 1 }
      if not exts[ext] or b == "passwd" then return false end
      if words[stem] then return true end
      if ext == "" then return false end -- wi-secrets: a program as likely as a file of secrets
      local last = stem:match("[%-_%.](%a+)$")
      return last ~= nil and words[last] == 1 and not stem:match("^example") and not stem:match("^sample") end },
}

local function base_name(p) return (p:gsub("[/\\]+$", "")):match("([^/\\]+)$") or p end

-- What the file at path p is when it holds a key or credential ("an SSH
-- private key", "AWS credentials", "an environment file", …), judged on the
-- path's text, case-insensitively; nil for other paths and for paths with a
-- variable ($). Public keys, certificates, CA bundles and signing keys pass.
function M.credential_file(p)
  if type(p) ~= "string" or p == "" or p:find("%$") then return nil end
  local low = p:lower()
  local b = base_name(low)
  for _, r in ipairs(credential_files) do
    if r[2](low, b) then return r[1] end
  end
  return nil
end

-- The password option of a login command line (docker, podman, helm …
-- login) from args[from] on: -p X, --password X, --password=X, -pX. Returns
-- its index in args, the value (nil when missing) and whether the value is
-- joined to the option (--password=X, -pX); nil when there is none or from is nil.
function M.login_password(args, from)
  if not from then return nil end
  for j = from, #args do
    local a = args[j]
    if a == "-p" or a == "--password" then return j, args[j + 1], false end
    local v = a:match("^%-%-password=(.*)$") or a:match("^%-p(.+)$")
    if v then return j, v, true end
  end
  return nil
end

-- Files a command may write credentials to, by base name, and the text
-- that proves it did (false: any text).
local written_proof = {
  [".npmrc"] = { "_authtoken", "_auth", "_password" },
  [".netrc"] = { "password", "login" },
  [".git-credentials"] = false,
  [".pypirc"] = { "password" },
  ["credentials"] = { "aws_secret_access_key", "aws_access_key_id" }, -- under .aws/
  ["config.json"] = { "\"auth\"" },                                   -- under .docker/
}

-- Does writing `text` to the file at `path` store a credential there (an
-- .npmrc with an _authToken, a .netrc with a password, any .git-credentials,
-- .aws/credentials with keys, .docker/config.json with "auth")? The words
-- are matched case-insensitively.
function M.credential_written(path, text)
  local base = path:match("([^/]*)$")
  local proof = written_proof[base]
  if proof == nil or base == "credentials" and not path:find("%.aws/") or base == "config.json" and not path:find("%.docker/") then
    return false
  end
  if proof == false then return true end
  local low = text:lower()
  for _, word in ipairs(proof) do
    if low:find(word, 1, true) then return true end
  end
  return false
end

-- Report the first provider token in s (a string; anything else is ignored):
-- report{ path = path, offset = the token's, secret = the token, message =
-- "<where> holds a secret (<label>): <token masked>" } plus every field of
-- ctx (container, resource). Returns true when it reported.
function M.report_token(report, s, path, where, ctx)
  if type(s) ~= "string" then return false end
  local label, a, b = M.find_token(s)
  if not label then return false end
  local token = s:sub(a, b)
  local r = {
    path = path, offset = a - 1, secret = token,
    message = ("%s holds a secret (%s): %s"):format(where, label, plimsoll.mask(token)),
  }
  for k, v in pairs(ctx or {}) do r[k] = v end
  report(r)
  return true
end

-- report_token for every element of list (nothing when list is not a
-- table): element k is at path[k-1]. Command lines, exec forms, label lists.
function M.report_tokens(report, list, path, where, ctx)
  for k, s in ipairs(type(list) == "table" and list or {}) do
    M.report_token(report, s, ("%s[%d]"):format(path, k - 1), where, ctx)
  end
end

-- Iterate the members of map t with string keys, in key order:
--   for key, value, vpath in secrets.members(t, path) do … end
-- vpath is path .. k8s.key(key) (keys with dots or slashes quoted). Nothing
-- when t is not a table. For labels, annotations, ConfigMap data.
function M.members(t, path)
  local keys = {}
  if type(t) == "table" then
    for k in pairs(t) do if type(k) == "string" then keys[#keys + 1] = k end end
  end
  table.sort(keys)
  local i = 0
  return function()
    i = i + 1
    local k = keys[i]
    if k then return k, t[k], path .. k8s.key(k) end
  end
end

-- report_token for every member of map t (labels, annotations) in key
-- order, at members' paths, named "<where> <key>" in messages; keys in the
-- set `skip` are passed over.
function M.report_members(report, t, path, where, ctx, skip)
  for k, v, vpath in M.members(t, path) do
    if not (skip and skip[k]) then M.report_token(report, v, vpath, where .. " " .. k, ctx) end
  end
end

return M
