-- secret-in-configmap: a ConfigMap entry that holds a secret: a sensitive key
-- with a literal value, or a value holding a provider token or private key,
-- as text or base64-encoded (data and binaryData). Values are masked.
local B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
local b64val = {}
for i = 1, #B64 do b64val[B64:byte(i)] = i - 1 end
b64val[("-"):byte()] = 62 -- URL-safe alphabet
b64val[("_"):byte()] = 63

-- Decode base64 (standard or URL-safe, padding optional, whitespace ignored);
-- nil when s is not base64.
local function b64decode(s)
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

-- Mostly printable text (a decoded value worth searching for tokens)?
local function texty(s)
  local bad = select(2, s:gsub("[^\t\n\r\32-\126]", ""))
  return bad * 10 <= #s
end

local function single_line(v) return not v:find("\n") end

-- Keys that name a file of ordinary content (secret.html, token.json): their
-- name says nothing about the value; only the value patterns apply.
local function file_key(k)
  local ext = k:match("%.([%w]+)$")
  return ext ~= nil and regex.test(ext:lower(),
    [[^(?:html?|txt|md|json|ya?ml|xml|js|mjs|css|conf|cfg|ini|properties|toml|sh|py|rb|lua|tpl|tmpl|j2|template|csv|svg|png|jpe?g|gif|ico|sql|rego|lock|log)$]])
end

return {
  id = "SEC-003",
  name = "secret-in-configmap",
  severity = "high",
  inputs = { "kubernetes" },
  kinds = { "ConfigMap" },
  title = "Secret stored in a ConfigMap",
  description = [[
ConfigMaps are not meant for confidential data: they are readable by every
subject allowed to read configuration (often far more than can read Secrets),
are not encrypted at rest by the API server's encryption configuration for
secrets, are printed by `kubectl describe`, and live in version control next
to the manifest. A password, token or key in one is exposed.]],
  remediation = "Move the value to a Secret (or an external secret store), reference it from the pod as a mounted file, and rotate it: it has been exposed.",
  frameworks = { nsa_cisa = "Secrets" },

  run = function(doc, report)
    local cm = k8s.describe(doc)
    local function found(path, key, value, reason, token)
      local shown = token or (single_line(value) and value) or nil
      if reason:find("private key", 1, true) and token then shown = nil end
      report {
        path = path,
        secret = token or value,
        message = shown
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
    for _, field in ipairs({ "data", "binaryData" }) do
      local data = doc[field]
      if type(data) == "table" then
        local keys = {}
        for k in pairs(data) do if type(k) == "string" then keys[#keys + 1] = k end end
        table.sort(keys)
        for _, k in ipairs(keys) do
          local v = data[k]
          if type(v) == "number" then v = tostring(v) end
          if type(v) == "string" then
            local path = field .. k8s.key(k)
            local label, a, b
            if field == "data" then label, a, b = secrets.find_token(v) end
            if label then
              found(path, k, v, label, v:sub(a, b))
            elseif field == "data" and not file_key(k) and secrets.sensitive_name(k) and secrets.literal_value(v) then
              found(path, k, v, "sensitive key with a literal value")
            else
              local dec = b64decode(v)
              local dlabel = dec and texty(dec) and secrets.find_token(dec)
              if dlabel then
                local s = v:gsub("%s", "")
                found(path, k, s, "base64-encoded " .. dlabel, single_line(v) and v or nil)
              end
            end
          end
        end
      end
    end
  end,
}
