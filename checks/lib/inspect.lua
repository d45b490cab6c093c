-- inspect.lua — running containers as `docker container inspect` and
-- `podman container inspect` describe them: one document per container, its
-- top-level keys as the runtime writes them (Id, Name, Path, Args, State,
-- HostConfig, Config, Mounts, NetworkSettings, AppArmorProfile…). Paths are
-- rooted at the container: "HostConfig.Privileged", "Mounts[0].Source".
--
-- Where Podman differs from Docker, the helpers read both: the name without
-- Docker's leading slash, capabilities with a CAP_ prefix (and EffectiveCaps,
-- Podman's effective set), ulimit names with an RLIMIT_ prefix, namespace
-- modes "private" and "host", Config.Entrypoint a string in Podman 4.
local M = {}

-- The container's name (Docker's leading slash removed), else its short id.
function M.name(doc)
  local n = type(doc.Name) == "string" and doc.Name:gsub("^/+", "") or ""
  if n ~= "" then return n end
  return type(doc.Id) == "string" and doc.Id:sub(1, 12) or "?"
end

-- HostConfig (or an empty table) and Config (likewise).
function M.host(doc) return type(doc.HostConfig) == "table" and doc.HostConfig or {} end
function M.config(doc) return type(doc.Config) == "table" and doc.Config or {} end

-- The container as a subject (see k8s.lua, "subjects"): s.name, s.who
-- ('container "web"'), s.report{…} (message prefixed with s.who and a space,
-- container set; the resource is the document's: `container web (3f2a9c1b7e4d)`).
function M.subject(doc, report)
  local s = { name = M.name(doc) }
  s.who = ("container %q"):format(s.name)
  s.report = function(t)
    t.container = s.name
    t.message = s.who .. " " .. t.message
    report(t)
  end
  return s
end

-- "HostConfig.<key>" when HostConfig exists, else the document root: where a
-- finding about a missing or default HostConfig field points.
function M.host_path(doc, key)
  if type(doc.HostConfig) ~= "table" then return "" end
  return "HostConfig." .. key
end

-- True for a number that is absent or zero (Docker writes 0 for "no limit").
function M.unset(v)
  return v == nil or v == 0 or v == "0" or v == false
end

-- Namespace modes: "host" (Docker and Podman); "container:<id>" joins another.
function M.is_host(v)
  return type(v) == "string" and v:lower() == "host"
end

-- Capability names in one spelling: upper case, without CAP_.
function M.capability(s) return k8s.capability(s) end

-- HostConfig.SecurityOpt entries as { key, value, path }: "seccomp=unconfined",
-- "seccomp:unconfined", "no-new-privileges", "no-new-privileges:true",
-- "apparmor=unconfined", "label=disable", "label:type:svirt_t".
function M.security_opts(doc)
  local out = {}
  local opts = M.host(doc).SecurityOpt
  for i, o in ipairs(type(opts) == "table" and opts or {}) do
    if type(o) == "string" then
      local key, value = o:match("^([^:=]+)[:=](.*)$")
      out[#out + 1] = { key = key or o, value = value, path = ("HostConfig.SecurityOpt[%d]"):format(i - 1) }
    end
  end
  return out
end

-- The mounts of the container as { type, source, destination, rw, propagation,
-- path, at }: `path` is the mount's, `at` where a finding on its source points.
-- Mounts (what the runtime mounted) when present, else HostConfig.Binds
-- ("src:dst[:opts]", binds only).
function M.mounts(doc)
  local out = {}
  if type(doc.Mounts) == "table" then
    for i, m in ipairs(doc.Mounts) do
      if type(m) == "table" then
        local path = ("Mounts[%d]"):format(i - 1)
        out[#out + 1] = {
          type = type(m.Type) == "string" and m.Type:lower() or nil, source = m.Source, destination = m.Destination,
          rw = m.RW ~= false, propagation = type(m.Propagation) == "string" and m.Propagation or nil,
          path = path, at = m.Source ~= nil and path .. ".Source" or path,
        }
      end
    end
    return out
  end
  local binds = M.host(doc).Binds
  for i, b in ipairs(type(binds) == "table" and binds or {}) do
    if type(b) == "string" then
      local parts = {}
      for part in (b .. ":"):gmatch("([^:]*):") do parts[#parts + 1] = part end
      local rw, prop = true, nil
      for o in (parts[3] or ""):gmatch("[^,]+") do
        if o == "ro" then rw = false end
        if o:match("^r?shared$") or o:match("^r?slave$") or o:match("^r?private$") then prop = o end
      end
      local path = ("HostConfig.Binds[%d]"):format(i - 1)
      out[#out + 1] = {
        type = (parts[1] or ""):match("^/") and "bind" or "volume", source = parts[1], destination = parts[2],
        rw = rw, propagation = prop, path = path, at = path,
      }
    end
  end
  return out
end

-- Published ports as { port ("80/tcp"), host_ip, host_port, path }: one per
-- binding of HostConfig.PortBindings (what was asked for; the runtime fills
-- NetworkSettings.Ports from it), in port order. `path` points at the
-- binding's HostIp when it has one, else at the binding.
function M.published(doc)
  local out = {}
  local pb = M.host(doc).PortBindings
  for _, port in ipairs(k8s.sorted_keys(pb)) do
    local list = pb[port]
    for i, b in ipairs(type(list) == "table" and list or {}) do
      if type(b) == "table" then
        local path = ("HostConfig.PortBindings[%q][%d]"):format(port, i - 1)
        out[#out + 1] = {
          port = port, host_ip = b.HostIp, host_port = b.HostPort ~= nil and tostring(b.HostPort) or nil,
          path = b.HostIp ~= nil and path .. ".HostIp" or path, binding = path,
        }
      end
    end
  end
  return out
end

-- True when a host IP binds every interface: unset, "", 0.0.0.0 or ::.
function M.any_ip(ip)
  return ip == nil or ip == "" or ip == "0.0.0.0" or ip == "::" or ip == "[::]"
end

-- The exposed ports of Config.ExposedPorts as { port, path }, sorted.
function M.exposed(doc)
  local out = {}
  local ports = M.config(doc).ExposedPorts
  for _, p in ipairs(k8s.sorted_keys(ports)) do
    out[#out + 1] = { port = p, path = ("Config.ExposedPorts[%q]"):format(p) }
  end
  return out
end

-- Config.Env as an iterator of { name, value, path, offset, where, container }
-- (the shape env.lua gives secret checks).
function M.env(doc)
  local out = {}
  local list = M.config(doc).Env
  local name = M.name(doc)
  for j, kv in ipairs(type(list) == "table" and list or {}) do
    if type(kv) == "string" then
      local k, v = kv:match("^([^=]*)=(.*)$")
      out[#out + 1] = { name = k or kv, value = v, path = ("Config.Env[%d]"):format(j - 1), offset = k and #k + 1,
                        where = ("container %q Env"):format(name), container = name }
    end
  end
  local i = 0
  return function()
    i = i + 1
    return out[i]
  end
end

-- The command line the container runs, as a list of words: Path and Args
-- (what the runtime started), else Config.Entrypoint then Config.Cmd.
-- Returns words, path of the first word.
function M.command(doc)
  local words = {}
  if type(doc.Path) == "string" and doc.Path ~= "" then
    words[1] = doc.Path
    for _, a in ipairs(type(doc.Args) == "table" and doc.Args or {}) do words[#words + 1] = tostring(a) end
    return words, "Path"
  end
  local cfg = M.config(doc)
  local at
  for _, key in ipairs({ "Entrypoint", "Cmd" }) do
    local v = cfg[key]
    if type(v) == "string" and v ~= "" then
      for w in v:gmatch("%S+") do words[#words + 1] = w end
      at = at or "Config." .. key
    elseif type(v) == "table" then
      for _, w in ipairs(v) do words[#words + 1] = tostring(w) end
      if #v > 0 then at = at or "Config." .. key end
    end
  end
  return words, at or "Config"
end

-- ------------------------------------------------------------- builders
-- Handlers shared by twin checks: check.container = inspect.host_namespace("PidMode", "PID").

-- The container shares the host's <ns> namespace (HostConfig.<key>: host).
function M.host_namespace(key, ns, flag)
  return function(doc, report)
    local v = M.host(doc)[key]
    if M.is_host(v) then
      local s = M.subject(doc, report)
      s.report {
        path = "HostConfig." .. key, message = ("shares the host %s namespace (HostConfig.%s: %s)"):format(ns, key, v),
        remediation = ("Recreate the container without %s=host: it then gets its own %s namespace."):format(flag, ns),
      }
    end
  end
end

-- A SecurityOpt entry sets <key> (seccomp, apparmor) to unconfined; `label`
-- names the confinement in the message, `remedy` the fix.
function M.unconfined_opt(key, label, remedy)
  return function(doc, report)
    for _, o in ipairs(M.security_opts(doc)) do
      if o.key == key and type(o.value) == "string" and o.value:lower() == "unconfined" then
        M.subject(doc, report).report {
          path = o.path, remediation = remedy,
          message = ("runs without %s (security option %s=%s)"):format(label, key, o.value),
        }
      end
    end
  end
end

return M
