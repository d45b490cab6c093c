-- image.lua — image-config helpers: the history steps, the maps of the config
-- (ExposedPorts, Volumes, Labels) in a stable order, and the environment, each
-- with the path a finding reports. The document is the normalised OCI shape
-- described in docs/architecture.md ("Image configs"); every helper accepts a
-- config that lacks the field (or has it with the wrong type) and then yields
-- nothing. Dockerfiles have their own helpers in docker.lua.
--
-- image.history(doc)        for h, created_by, path, j: steps with a string created_by
-- image.keys(doc, field)    for key, path: keys of config[field], sorted
-- image.env(doc)            list of { name, value, path, offset } from config.Env
local M = {}

-- Every history step that says what created it:
-- for h, created_by, path, j in image.history(doc) do … end
-- path is "history[j-1].created_by"; j the 1-based index in doc.history.
function M.history(doc)
  local list = type(doc.history) == "table" and doc.history or {}
  local j = 0
  return function()
    while true do
      j = j + 1
      local h = list[j]
      if h == nil then return nil end
      local cb = type(h) == "table" and h.created_by
      if type(cb) == "string" then return h, cb, ("history[%d].created_by"):format(j - 1), j end
    end
  end
end

-- The keys of the map config[field] (ExposedPorts, Volumes, Labels) in sorted
-- order, each with its path: for port, path in image.keys(doc, "ExposedPorts")
-- → "80/tcp", 'config.ExposedPorts["80/tcp"]'.
function M.keys(doc, field)
  local map = type(doc.config) == "table" and doc.config[field]
  local names = {}
  if type(map) == "table" then
    for k in pairs(map) do names[#names + 1] = k end
    table.sort(names)
  end
  local i = 0
  return function()
    i = i + 1
    local k = names[i]
    if k ~= nil then return k, ("config.%s[%q]"):format(field, k) end
  end
end

-- The environment of the image: one { name, value, path, offset } per
-- "NAME=value" string of config.Env (others are skipped), in order; offset is
-- where the value starts in the string (for report{offset=}).
function M.env(doc)
  local env = type(doc.config) == "table" and doc.config.Env
  local out = {}
  for j, kv in ipairs(type(env) == "table" and env or {}) do
    if type(kv) == "string" then
      local name, value = kv:match("^([^=]*)=(.*)$")
      if name then out[#out + 1] = { name = name, value = value, path = ("config.Env[%d]"):format(j - 1), offset = #name + 1 } end
    end
  end
  return out
end

return M
