-- env.lua — every environment variable an input sets, one shape for all
-- inputs, with what report{} needs. One iterator per input; a handler calls
-- the one of its own input (env.kubernetes in check.kubernetes …):
--
--   for v in env.kubernetes(doc) do … end     -- containers' env and envFrom
--   for v in env.compose(doc) do … end        -- services' environment, list and map forms
--   for v in env.dockerfile(doc) do … end     -- ENV and ARG, global ARGs included
--   for v in env.image(doc) do … end          -- config.Env
--
-- Each v is a fresh table (the check may add to it):
--   name         the variable's name (Kubernetes: e.name as written, maybe nil)
--   value        its literal value, a string; nil when it has none written:
--                valueFrom, envFrom, a Compose name without a value, an ARG
--                without a default, a Kubernetes value that is not a string
--                (the API server rejects those)
--   path, offset where the value is for report{}: offset is the byte offset
--                of the value inside "NAME=value" strings (Compose list form,
--                image Env), else nil
--   entry_path   the whole entry: env[0], envFrom[0], environment[0] or
--                environment.NAME, pairs[0], config.Env[0]
--   owner_path   what sets it: the container, the service, the instruction, "config"
--   where        how messages name the place: container "api" env,
--                container "api" envFrom, service "db" environment, ENV, ARG, image Env
--   container    the container or service name (Kubernetes, Compose), for report{}
--   resource     Compose: { kind = "service", name = … }, for report{}
-- and per input:
--   Kubernetes   value_from (env[].valueFrom, a table) or env_from (the
--                envFrom[] entry: prefix, secretRef, configMapRef); entry
--   Dockerfile   cmd ("ENV" or "ARG"), ins (the instruction); entry (the pair)
-- Order: containers (k8s.containers order) each env then envFrom; services
-- by name, then Compose's own order; instructions in file order.
local M = {}

-- An iterator over a list built up front (the lists are small).
local function over(list)
  local i = 0
  return function()
    i = i + 1
    return list[i]
  end
end

function M.kubernetes(doc)
  local out = {}
  for c, cpath in k8s.containers(doc) do
    local cname = ("container %q"):format(c.name or "?")
    for j, e in ipairs(type(c.env) == "table" and c.env or {}) do
      if type(e) == "table" then
        local at = ("%s.env[%d]"):format(cpath, j - 1)
        out[#out + 1] = {
          name = e.name, value = type(e.value) == "string" and e.value or nil, path = at .. ".value",
          entry = e, entry_path = at, owner_path = cpath, where = cname .. " env", container = c.name,
          value_from = type(e.valueFrom) == "table" and e.valueFrom or nil,
        }
      end
    end
    for j, e in ipairs(type(c.envFrom) == "table" and c.envFrom or {}) do
      if type(e) == "table" then
        local at = ("%s.envFrom[%d]"):format(cpath, j - 1)
        out[#out + 1] = { path = at, entry = e, entry_path = at, owner_path = cpath, where = cname .. " envFrom",
                          container = c.name, env_from = e }
      end
    end
  end
  return over(out)
end

function M.compose(doc)
  local out = {}
  for svc, spath, name in compose.services(doc) do
    local where, resource = ("service %q environment"):format(name), { kind = "service", name = name }
    for _, e in ipairs(compose.environment(svc, spath)) do
      out[#out + 1] = { name = e.name, value = e.value, path = e.path, offset = e.offset, entry_path = e.path,
                        owner_path = spath, where = where, container = name, resource = resource }
    end
  end
  return over(out)
end

function M.dockerfile(doc)
  local out = {}
  for ins, path in docker.all(doc) do
    if (ins.cmd == "ENV" or ins.cmd == "ARG") and type(ins.pairs) == "table" then
      for j, p in ipairs(ins.pairs) do
        local at = ("%s.pairs[%d]"):format(path, j - 1)
        out[#out + 1] = { name = p.key, value = p.value, path = at .. ".value", entry = p, entry_path = at,
                          owner_path = path, where = ins.cmd, cmd = ins.cmd, ins = ins }
      end
    end
  end
  return over(out)
end

function M.image(doc)
  local out = {}
  local list = type(doc.config) == "table" and doc.config.Env
  for j, kv in ipairs(type(list) == "table" and list or {}) do
    if type(kv) == "string" then
      local name, value = kv:match("^([^=]*)=(.*)$")
      local at = ("config.Env[%d]"):format(j - 1)
      out[#out + 1] = { name = name or kv, value = value, path = at, offset = name and #name + 1, entry_path = at,
                        owner_path = "config", where = "image Env" }
    end
  end
  return over(out)
end

return M
