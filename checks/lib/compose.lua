-- compose.lua — Docker Compose helpers: every service with its path, and the
-- short/long syntaxes of ports, volumes, environment, security_opt, sysctls
-- and user normalised to one shape each. Paths: "services.web.ports[0]";
-- service names with dots are quoted. Services as subjects for report
-- (each_service, each_port, each_volume) and handler builders for twin
-- checks (host_namespace, unconfined_opt, missing_limit) follow; each is
-- documented where it is defined and in docs/writing-checks.md.
local M = {}

-- "services.web" (or services["a.b"]) for a service name.
function M.service_path(name)
  if name:find("[%.%[%]/\"]") then return 'services["' .. name:gsub('"', '\\"') .. '"]' end
  return "services." .. name
end

-- Iterate services in name order: for svc, path, name in compose.services(doc)
function M.services(doc)
  local names = k8s.sorted_keys(doc.services, function(name) return type(doc.services[name]) == "table" end)
  local i = 0
  return function()
    i = i + 1
    local name = names[i]
    if name then return doc.services[name], M.service_path(name), name end
  end
end

-- A normaliser of the list svc[key]: fn(item, path) gives the record of one
-- item, or nil to leave it out. Returns function(svc, spath) → list of records.
local function normaliser(key, fn)
  return function(svc, spath)
    local out = {}
    for item, path in k8s.list(svc, key, spath) do out[#out + 1] = fn(item, path) end
    return out
  end
end

-- Ports of a service as { host_ip, published, target, protocol, path }.
-- Short: "8080:80", "127.0.0.1:8080:80/udp", "80", "[::1]:53:53"; long: maps.
M.ports = normaliser("ports", function(p, path)
  if type(p) == "table" then
    return { host_ip = p.host_ip, published = p.published and tostring(p.published),
             target = p.target and tostring(p.target), protocol = p.protocol, path = path }
  elseif type(p) == "string" or type(p) == "number" then
    local s = tostring(p)
    local proto = s:match("/(%a+)$")
    s = s:gsub("/%a+$", "")
    local ip, rest = s:match("^%[([^%]]+)%]:(.*)$")
    if not ip then
      local a, b, c = s:match("^([^:]+):([^:]*):([^:]+)$")
      if a then ip, rest = a, b .. ":" .. c else rest = s end
    end
    local published, target = rest:match("^([^:]*):([^:]+)$")
    if not target then target = rest end
    return { host_ip = ip, published = published ~= "" and published or nil,
             target = target, protocol = proto, path = path }
  end
end)

-- Volumes of a service as { type, source, target, read_only, propagation, path, long }.
-- Short: "src:dst[:mode]" (mode: ro, rw, z, Z, shared, rshared, …); long: maps
-- (long = true: their fields are below path, e.g. path .. ".source").
M.volumes = normaliser("volumes", function(v, path)
  if type(v) == "table" then
    local bind = type(v.bind) == "table" and v.bind or {}
    return { type = v.type, source = v.source, target = v.target, read_only = v.read_only == true,
             propagation = bind.propagation, path = path, long = true }
  elseif type(v) == "string" then
    -- split at ":" outside ${…} (a variable Compose could not resolve may
    -- hold ":-default" or ":?error")
    local parts, cur, depth, i = {}, {}, 0, 1
    while i <= #v do
      local c = v:sub(i, i)
      if c == "$" and v:sub(i + 1, i + 1) == "{" then depth, c, i = depth + 1, "${", i + 1
      elseif c == "}" and depth > 0 then depth = depth - 1 end
      if c == ":" and depth == 0 then parts[#parts + 1], cur = table.concat(cur), {}
      else cur[#cur + 1] = c end
      i = i + 1
    end
    parts[#parts + 1] = table.concat(cur)
    local src, dst, mode
    if #parts == 1 then dst = parts[1] else src, dst, mode = parts[1], parts[2], parts[3] end
    local kind = "volume"
    if src == nil then kind = "volume"
    elseif src:match("^[/.~]") or src:match("^%$") then kind = "bind" end
    local ro, prop = false, nil
    for m in (mode or ""):gmatch("[^,]+") do
      if m == "ro" then ro = true end
      if m:match("^r?shared$") or m:match("^r?slave$") or m:match("^r?private$") then prop = m end
    end
    return { type = kind, source = src, target = dst, read_only = ro, propagation = prop, path = path }
  end
end)

-- Environment of a service as a list of { name, value, path } (list and map forms).
function M.environment(svc, spath)
  local out = {}
  local env = svc.environment
  if type(env) ~= "table" then return out end
  if #env > 0 then
    for i, kv in ipairs(env) do
      if type(kv) == "string" then
        local name, value = kv:match("^([^=]+)=(.*)$")
        out[#out + 1] = { name = name or kv, value = value, path = ("%s.environment[%d]"):format(spath, i - 1),
                          offset = name and #name + 1 or nil }
      end
    end
  else
    for _, name in ipairs(k8s.sorted_keys(env)) do
      local v = env[name]
      if type(v) == "number" or type(v) == "boolean" then v = tostring(v) end
      local key = name:find("[%.%[%]/\"]") and ('["' .. name .. '"]') or ("." .. name)
      out[#out + 1] = { name = name, value = type(v) == "string" and v or nil, path = spath .. ".environment" .. key }
    end
  end
  return out
end

-- security_opt entries as { key, value, path }: "seccomp:unconfined",
-- "seccomp=unconfined", "no-new-privileges", "no-new-privileges:true",
-- "apparmor=unconfined", "label=disable", "label:type:svirt_t".
M.security_opts = normaliser("security_opt", function(o, path)
  if type(o) == "string" then
    local key, value = o:match("^([^:=]+)[:=](.*)$")
    return { key = key or o, value = value, path = path }
  end
end)

-- The security_opt list of a service with `entry` in place of every entry
-- of option `key` (as compose.security_opts splits them), the others kept
-- as written: the value of a fix that sets one option and keeps the rest.
-- compose.with_opt(svc, "no-new-privileges", "no-new-privileges:true").
function M.with_opt(svc, key, entry)
  local out = {}
  for o in k8s.list(svc, "security_opt", "") do
    local k = type(o) == "string" and (o:match("^([^:=]+)[:=]") or o)
    if k ~= key then out[#out + 1] = o end
  end
  out[#out + 1] = entry
  return out
end

-- Sysctls of a service as { name, path }: list ("name=value", name trimmed)
-- and map forms (map keys in sorted order).
function M.sysctls(svc, spath)
  local out = {}
  if type(svc.sysctls) ~= "table" then return out end
  if #svc.sysctls > 0 then
    for kv, at in k8s.list(svc, "sysctls", spath) do
      if type(kv) == "string" then out[#out + 1] = { name = (kv:match("^%s*([^=]+)") or kv):gsub("%s+$", ""), path = at } end
    end
  else
    for _, k in ipairs(k8s.sorted_keys(svc.sysctls)) do out[#out + 1] = { name = k, path = spath .. ".sysctls" .. k8s.key(k) } end
  end
  return out
end

-- The user of a service as written, a number as its text ("0", not "0.0").
function M.user(svc)
  local u = svc.user
  if type(u) == "number" then return tostring(math.tointeger(u) or u) end
  return u
end

-- True for the value "host" in any case (pid, ipc, network_mode, uts, userns_mode).
function M.is_host(v)
  return type(v) == "string" and v:lower() == "host"
end

-- Iterate services in name order with their subject (see k8s.lua, "subjects"):
--   for svc, s in compose.each_service(doc, report) do … end
-- s.path ("services.web"), s.name ("web"), s.who ('service "web"'),
-- s.resource ({ kind = "service", name = "web" }) and s.report{…}: report with
-- container and resource set to the service and the message prefixed with
-- s.who and a space.
function M.each_service(doc, report)
  local it = M.services(doc)
  return function()
    local svc, spath, name = it()
    if not svc then return nil end
    local s = { path = spath, name = name, who = ("service %q"):format(name), resource = { kind = "service", name = name } }
    s.report = function(t)
      t.container, t.resource = name, s.resource
      t.message = s.who .. " " .. t.message
      report(t)
    end
    return svc, s
  end
end

-- Every port (compose.ports) or volume (compose.volumes) of every service,
-- with the service's subject and the service:
--   for p, s, svc in compose.each_port(doc, report) do … end
--   for v, s, svc in compose.each_volume(doc, report) do … end
local function each_of(list)
  return function(doc, report)
    local items = {}
    for svc, s in M.each_service(doc, report) do
      for _, x in ipairs(list(svc, s.path)) do items[#items + 1] = { x, s, svc } end
    end
    return k8s.rows(items, 3)
  end
end
M.each_port = each_of(M.ports)
M.each_volume = each_of(M.volumes)

-- ------------------------------------------------------------- builders
-- Handlers shared by twin checks: check.compose = compose.host_namespace("pid", "pid").

-- A service sets <key>: host and so shares the host's <ns> namespace.
function M.host_namespace(key, ns)
  return function(doc, report)
    for svc, s in M.each_service(doc, report) do
      if M.is_host(svc[key]) then
        s.report {
          path = s.path .. "." .. key, message = ("sets %s: host"):format(key),
          remediation = ("Delete %s.%s so the service gets its own %s namespace."):format(s.path, key, ns),
        }
      end
    end
  end
end

-- A service's security_opt sets <key> (seccomp, apparmor) to unconfined;
-- `label` names the confinement in the message, `remedy` is a format string
-- for the remediation, given the option's path.
function M.unconfined_opt(key, label, remedy)
  return function(doc, report)
    for svc, s in M.each_service(doc, report) do
      for _, o in ipairs(M.security_opts(svc, s.path)) do
        if o.key == key and type(o.value) == "string" and o.value:lower() == "unconfined" then
          s.report {
            path = o.path, remediation = remedy:format(o.path),
            message = ("runs without %s (security_opt %s %s)"):format(label, key, o.value),
          }
        end
      end
    end
  end
end

-- A service sets none of the service keys `keys` nor
-- deploy.resources.limits.<deploy_key>; `label` names the resource in the
-- message ("CPU"), `yaml` and `after` are the remediation (k8s.set_in),
-- `value` what the fix sets at deploy.resources.limits.<deploy_key> (the
-- service's deploy.resources.reservations.<deploy_key> when it has one: a
-- limit below the reservation is refused).
function M.missing_limit(label, keys, deploy_key, yaml, after, value)
  return function(doc, report)
    for svc, s in M.each_service(doc, report) do
      local set = k8s.dig(svc, "deploy.resources.limits." .. deploy_key) ~= nil
      for _, k in ipairs(keys) do set = set or svc[k] ~= nil end
      if not set then
        local res = k8s.dig(svc, "deploy.resources.reservations." .. deploy_key)
        s.report {
          path = k8s.deepest(svc, s.path, "deploy.resources.limits"),
          message = ("has no %s limit"):format(label),
          remediation = k8s.set_in(s.path, yaml, after),
          fix = { k8s.edit(s.path .. ".deploy.resources.limits." .. deploy_key, k8s.quantity(res) or value) },
        }
      end
    end
  end
end

return M
