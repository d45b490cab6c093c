-- docker.lua — Dockerfile helpers: stages, the final stage and the stages it
-- inherits from, instructions by keyword with their paths, image references.
-- The document shape is described in docs/architecture.md ("Dockerfile tree").
local M = {}

-- Path of stage i (1-based Lua index) and of its j-th instruction.
function M.stage_path(i) return ("stages[%d]"):format(i - 1) end
function M.instr_path(i, j) return ("stages[%d].instructions[%d]"):format(i - 1, j - 1) end

-- The final stage (the one `docker build` ships without --target) and its index.
function M.final_stage(doc)
  local stages = doc.stages or {}
  return stages[#stages], #stages
end

-- The stages an image is built from, final first: the stage, then the stage
-- it is FROM (by AS name), and so on. Returns a list of 1-based indexes.
function M.lineage(doc, index)
  local out, seen = {}, {}
  local stages = doc.stages or {}
  while index and stages[index] and not seen[index] do
    seen[index] = true
    out[#out + 1] = index
    local parent = stages[index].parent
    index = parent and parent + 1 or nil
  end
  return out
end

-- Iterate the instructions of stage i with a given keyword (or all when cmd
-- is nil): for ins, path, j in docker.each(doc, i, "RUN") do … end
function M.each(doc, i, cmd)
  local st = (doc.stages or {})[i]
  local list = st and st.instructions or {}
  local j = 0
  return function()
    while true do
      j = j + 1
      local ins = list[j]
      if not ins then return nil end
      if cmd == nil or ins.cmd == cmd then return ins, M.instr_path(i, j), j end
    end
  end
end

-- Every instruction of the file with its path, global ARGs included:
-- for ins, path in docker.all(doc) do … end
function M.all(doc)
  local items = {}
  for j, ins in ipairs(doc.args or {}) do items[#items + 1] = { ins, ("args[%d]"):format(j - 1) } end
  for i, st in ipairs(doc.stages or {}) do
    for j, ins in ipairs(st.instructions or {}) do items[#items + 1] = { ins, M.instr_path(i, j) } end
  end
  local k = 0
  return function()
    k = k + 1
    if items[k] then return items[k][1], items[k][2] end
  end
end

-- Is this FROM base another stage's name or scratch (not an image)?
function M.is_stage_or_scratch(doc, stage)
  if stage.parent ~= nil then return true end
  local base = (stage.base or ""):lower()
  return base == "scratch"
end

-- Split an image reference: returns name, tag, digest (tag/digest may be nil).
-- "registry:5000/app:1.2@sha256:…" → "registry:5000/app", "1.2", "sha256:…"
function M.parse_image(ref)
  if type(ref) ~= "string" then return nil end
  local name, digest = ref:match("^([^@]*)@(.+)$")
  name = name or ref
  local tag
  local slash = name:find("/[^/]*$")
  local last = slash and name:sub(slash + 1) or name
  local t = last:match(":([^:]*)$")
  if t then
    tag = t
    name = name:sub(1, #name - #t - 1)
  end
  return name, tag, digest
end

-- Split a RUN command line into simple commands at && || ; | and newlines
-- (outside quotes). Returns a list of { text = "...", offset = n } where
-- offset is the 0-based byte offset of the command in the line.
function M.split_commands(line)
  local out = {}
  local i, n, start = 1, #line, 1
  local quote = nil
  local function push(stop)
    local text = line:sub(start, stop)
    local lead = text:match("^%s*")
    text = text:sub(#lead + 1):gsub("%s+$", "")
    if text ~= "" then out[#out + 1] = { text = text, offset = start - 1 + #lead } end
  end
  while i <= n do
    local ch = line:sub(i, i)
    if quote then
      if ch == "\\" and quote == '"' then i = i + 1
      elseif ch == quote then quote = nil end
    elseif ch == "'" or ch == '"' then
      quote = ch
    elseif ch == "\\" then
      i = i + 1
    elseif ch == "&" and line:sub(i + 1, i + 1) == "&" or ch == "|" and line:sub(i + 1, i + 1) == "|" then
      push(i - 1); i = i + 1; start = i + 1
    elseif ch == ";" or ch == "|" or ch == "\n" then
      push(i - 1); start = i + 1
    end
    i = i + 1
  end
  push(n)
  return out
end

return M
