-- secret-in-configmap: a ConfigMap entry that holds a secret: a sensitive key
-- with a literal value, or a value holding a provider token or private key,
-- as text or base64-encoded (data and binaryData). Values are masked.
local check = {
  id = "SEC-003", name = "secret-in-configmap", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "ConfigMap" },
  title = "Secret stored in a ConfigMap",
  description = [[
ConfigMaps are not meant for confidential data: they are readable by every
subject allowed to read configuration (often far more than can read Secrets),
are not encrypted at rest by the API server's encryption configuration for
secrets, are printed by `kubectl describe`, and live in version control next
to the manifest. A password, token or key in one is exposed.]],
  remediation = "Move the value to a Secret (or an external secret store), reference it from the pod as a mounted file, and rotate it: it has been exposed.",
}

local function single_line(v) return not v:find("\n") end

-- Keys that name a file of ordinary content (secret.html, token.json): their
-- name says nothing about the value; only the value patterns apply.
local function file_key(k)
  local ext = k:match("%.([%w]+)$")
  return ext ~= nil and regex.test(ext:lower(),
    [[^(?:html?|txt|md|json|ya?ml|xml|js|mjs|css|conf|cfg|ini|properties|toml|sh|py|rb|lua|tpl|tmpl|j2|template|csv|svg|png|jpe?g|gif|ico|sql|rego|lock|log)$]])
end

-- Keys that hold a configuration file of NAME=value or name: value lines
-- (application.properties, .env, worker.yaml, settings without extension),
-- not a program (a .py whose `token=os.environ[…]` is code) and not
-- nsswitch.conf (whose passwd: line names a database).
local function config_file(k)
  if k == "nsswitch.conf" then return false end
  local ext = k:match("%.([%w]+)$")
  return ext == nil or regex.test(ext:lower(), [[^(?:properties|conf|cfg|ini|env|ya?ml|toml|json|txt|config)$]])
end

-- Report key `key` of ConfigMap `cm` (its value at path): the secret is
-- `token` when one was found in the value, else the whole value.
local function found(report, cm, path, key, value, reason, token, line)
  local shown = token or (single_line(value) and value) or nil
  if reason:find("private key", 1, true) and token then shown = nil end
  report {
    path = path, offset = line and line.offset,
    secret = token or value,
    message = line
      and ("%s key %q holds a secret (%s in its line %s): %s=%s"):format(cm, key, reason, line.name, line.name, plimsoll.mask(line.value))
      or shown
      and ("%s key %q holds a secret (%s): %s=%s"):format(cm, key, reason, key, plimsoll.mask(shown))
      or ("%s key %q holds a secret (%s)"):format(cm, key, reason),
    remediation = ([[
Remove key %q from %s, store it in a Secret and mount that as a file:
  apiVersion: v1
  kind: Secret
  metadata:
    name: <name>
  type: Opaque
  stringData:
    %s: <the value, from your secret store>
and rotate the value: it has been exposed.]]):format(key, cm, key),
  }
end

-- Why value v of key k (of data or binaryData) holds a secret: the reason,
-- the value and the token found in it, as found() takes them; nil when not.
local function judge(field, k, v)
  if type(v) == "number" then v = tostring(v) end
  if type(v) ~= "string" then return nil end
  local label, a, b
  if field == "data" then label, a, b = secrets.find_token(v) end
  if label then return label, v, v:sub(a, b) end
  if field == "data" and not file_key(k) and secrets.sensitive_name(k) and secrets.literal_value(v) then
    return "sensitive key with a literal value", v
  end
  local dlabel = secrets.find_encoded_token(v)
  if dlabel then return "base64-encoded " .. dlabel, (v:gsub("%s", "")), single_line(v) and v or nil end
  -- a configuration file held in the value: its NAME=value / name: value lines
  if field == "data" and not single_line(v) and config_file(k) then
    for _, l in ipairs(secrets.config_lines(v)) do
      if secrets.sensitive_name(l.name) and secrets.literal_value(l.value) then
        return "sensitive name with a literal value", l.value, nil, l
      end
    end
  end
  return nil
end

function check.kubernetes(doc, report)
  local cm = k8s.describe(doc)
  for _, field in ipairs({ "data", "binaryData" }) do
    for k, v, path in secrets.members(doc[field], field) do
      local reason, value, token, line = judge(field, k, v)
      if reason then found(report, cm, path, k, value, reason, token, line) end
    end
  end
end

return check
