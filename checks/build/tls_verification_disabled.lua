-- tls-verification-disabled: downloads, package managers or runtimes told not
-- to verify TLS certificates, in RUN commands, ENV, image Env, Kubernetes and
-- Compose environments.
local CURL_VAL = {} -- curl short options that take a value
for ch in ("AbcCdDeEFHKmoPQrTtuUwxXyYz"):gmatch(".") do CURL_VAL[ch] = true end

-- Environment settings that turn verification off: name → predicate on the value.
local ENV = {
  NODE_TLS_REJECT_UNAUTHORIZED = function(v) return v == "0" end,
  GIT_SSL_NO_VERIFY = function(v) return v ~= "" and v ~= "0" and v:lower() ~= "false" end,
  PYTHONHTTPSVERIFY = function(v) return v == "0" end,
  NPM_CONFIG_STRICT_SSL = function(v) return v:lower() == "false" end,
}
local function env_bad(name, value)
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

-- Why command c disables verification: returns reason, word (or nil).
local function why(c)
  local n, args, words = c.name, c.args, c.arg_words
  for _, a in ipairs(c.assigns) do
    if env_bad(a.name, a.value) then return ("%s=%s"):format(a.name, a.value), { offset = a.offset } end
  end
  if n == "export" or n == "env" then
    for j, a in ipairs(args) do
      local k, v = a:match("^([%w_]+)=(.*)$")
      if env_bad(k, v) then return a, words[j] end
    end
  end
  if n == "curl" then
    for j, a in ipairs(args) do
      if a == "--insecure" then return "curl --insecure", words[j] end
      if a:match("^%-[^%-]") then
        for ch in a:sub(2):gmatch(".") do
          if ch == "k" then return "curl -k", words[j] end
          if CURL_VAL[ch] then break end
        end
      end
    end
  elseif n == "wget" then
    for j, a in ipairs(args) do
      if a == "--no-check-certificate" then return "wget --no-check-certificate", words[j] end
    end
  elseif n and (n:match("^pip[%d.]*$") or n:match("^python[%d.]*$") or n == "uv" or n == "pipenv") then
    for j, a in ipairs(args) do
      if a == "--trusted-host" or a:match("^%-%-trusted%-host=") or a:match("trusted%-host$") then
        return "pip --trusted-host", words[j]
      end
    end
  elseif n == "npm" or n == "yarn" or n == "pnpm" then
    for j, a in ipairs(args) do
      if a == "strict-ssl" and (args[j + 1] == "false") then return n .. " strict-ssl false", words[j] end
      if a == "--strict-ssl=false" or (a == "--strict-ssl" and args[j + 1] == "false") then return n .. " --strict-ssl=false", words[j] end
    end
  elseif n == "git" then
    for j, a in ipairs(args) do
      if a:lower() == "http.sslverify" and (args[j + 1] == "false" or args[j + 1] == "0") then
        return "git http.sslVerify false", words[j]
      end
    end
  end
  for j, a in ipairs(args) do
    for _, p in ipairs(PATTERNS) do
      if a:find(p[1]) then return p[2], words[j] end
    end
  end
  return nil
end

local function env_list_report(report, list, where, extra)
  for _, e in ipairs(list) do
    if env_bad(e.name, e.value) then
      local r = {
        path = e.path, offset = e.offset,
        message = ("%s sets %s=%s: TLS certificates are not verified"):format(where, e.name, e.value),
        remediation = ("Remove %s; if a private CA is the reason, add its certificate to the trust store instead (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, update-ca-certificates)."):format(e.name),
      }
      for k, v in pairs(extra or {}) do r[k] = v end
      report(r)
    end
  end
end

return {
  id = "DF-006",
  name = "tls-verification-disabled",
  severity = "high",
  inputs = { "dockerfile", "image", "kubernetes", "compose" },
  kinds = "workloads",
  title = "TLS certificate verification disabled",
  description = [[
Turning certificate checks off (`curl -k`, `wget --no-check-certificate`,
`pip --trusted-host`, `strict-ssl false`, `sslverify=0`, GIT_SSL_NO_VERIFY,
NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0) lets anyone on the network
path serve the build or the application forged downloads and packages.]],
  remediation = "Keep verification on; trust a private CA by adding its certificate (COPY ca.crt /usr/local/share/ca-certificates/ && update-ca-certificates) instead.",
  frameworks = { cis_docker = "4.11" },

  run = function(doc, report)
    if doc.stages then
      for c in shell.each_command(doc) do
        local reason, w = why(c)
        if reason then
          report {
            path = c.path, offset = w and w.offset or c.offset,
            message = ("`%s` in a RUN disables TLS certificate verification (%s)"):format(c.name or reason, reason),
            remediation = "Remove the option and keep verification on; for a private CA, install its certificate first:\n  COPY ca.crt /usr/local/share/ca-certificates/\n  RUN update-ca-certificates",
          }
        end
      end
      for ins, path in docker.all(doc) do
        if ins.cmd == "ENV" and ins.pairs then
          local list = {}
          for j, p in ipairs(ins.pairs) do
            list[#list + 1] = { name = p.key, value = p.value, path = ("%s.pairs[%d].value"):format(path, j - 1) }
          end
          env_list_report(report, list, "ENV")
        end
      end
      return
    end
    if doc.kind then
      for c, cpath in k8s.containers(doc) do
        local list = {}
        for j, e in ipairs(type(c.env) == "table" and c.env or {}) do
          if type(e) == "table" then
            list[#list + 1] = { name = e.name, value = e.value, path = ("%s.env[%d].value"):format(cpath, j - 1) }
          end
        end
        env_list_report(report, list, ("container %q"):format(c.name or "?"), { container = c.name })
      end
      return
    end
    if doc.services then
      for svc, spath, name in compose.services(doc) do
        env_list_report(report, compose.environment(svc, spath), ("service %q"):format(name), { container = name })
      end
      return
    end
    for c in shell.each_command(doc) do
      local reason, w = why(c)
      if reason then
        report {
          path = c.path, offset = w and w.offset or c.offset,
          message = ("image history step disables TLS certificate verification (%s)"):format(reason),
        }
      end
    end
    local env = type(doc.config) == "table" and doc.config.Env
    local list = {}
    for j, kv in ipairs(type(env) == "table" and env or {}) do
      if type(kv) == "string" then
        local name, value = kv:match("^([^=]*)=(.*)$")
        if name then list[#list + 1] = { name = name, value = value, path = ("config.Env[%d]"):format(j - 1), offset = #name + 1 } end
      end
    end
    env_list_report(report, list, "image Env")
  end,
}
