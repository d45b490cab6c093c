-- docker.lua — Dockerfile helpers: stages, the final stage and the stages it
-- inherits from, instructions by keyword with their paths, image references.
-- The document shape is described in docs/architecture.md ("Dockerfile tree").
-- Image configs have their own helpers in image.lua. Iterators yield the path
-- a finding reports, so checks never format one by hand.
--
-- docker.instructions(doc[, cmds])  for ins, path, st, i: every stage's instructions
-- docker.each_pair(doc, cmds)       for p, value_path, ins: ENV/ARG/LABEL pairs, global ARGs too
-- docker.inherited(doc, cmd)        the last `cmd` the final image inherits: ins, path, final index
-- docker.final_lineage(doc)         set of the stage indexes the final image is built from
-- docker.workdir(ins)               the directory a WORKDIR sets
-- docker.exec_quotes(text, n)       where the strings of an exec-form JSON array start
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

-- The path of every instruction (paths[i][j] = instr_path(i, j)), made once
-- per document whichever checks iterate (plimsoll.once): formatting them
-- again in every check's loop was a tenth of a Dockerfile scan.
local function paths_of(doc)
  local out = {}
  for i, st in ipairs(doc.stages or {}) do
    local p = {}
    for j in ipairs(st.instructions or {}) do p[j] = M.instr_path(i, j) end
    out[i] = p
  end
  return out
end
local function instr_paths(doc, i) return plimsoll.once(doc, paths_of)[i] or {} end

-- Iterate the instructions of stage i with a given keyword (or all when cmd
-- is nil): for ins, path, j in docker.each(doc, i, "RUN") do … end
function M.each(doc, i, cmd)
  local st = (doc.stages or {})[i]
  local list = st and st.instructions or {}
  local paths = instr_paths(doc, i)
  local j = 0
  return function()
    while true do
      j = j + 1
      local ins = list[j]
      if not ins then return nil end
      if cmd == nil or ins.cmd == cmd then return ins, paths[j] or M.instr_path(i, j), j end
    end
  end
end

-- Every instruction of the file with its path, global ARGs included:
-- for ins, path in docker.all(doc) do … end
function M.all(doc)
  local items = {}
  for j, ins in ipairs(doc.args or {}) do items[#items + 1] = { ins, ("args[%d]"):format(j - 1) } end
  for i, st in ipairs(doc.stages or {}) do
    local paths = instr_paths(doc, i)
    for j, ins in ipairs(st.instructions or {}) do items[#items + 1] = { ins, paths[j] or M.instr_path(i, j) } end
  end
  local k = 0
  return function()
    k = k + 1
    if items[k] then return items[k][1], items[k][2] end
  end
end

-- A set of keywords from nil (every instruction), "RUN" or { "COPY", "ADD" }.
local function keyword_set(cmds)
  if cmds == nil then return nil end
  if type(cmds) == "string" then return { [cmds] = true } end
  local set = {}
  for _, c in ipairs(cmds) do set[c] = true end
  return set
end

-- Every instruction of every stage (global ARGs not included) with a keyword
-- in cmds (nil: all; a keyword; a list of keywords), in file order:
-- for ins, path, st, i in docker.instructions(doc, "WORKDIR") do … end
-- path is the instruction's ("stages[0].instructions[3]"), st its stage and
-- i the stage's 1-based index. The FROM of stage i is its first instruction.
function M.instructions(doc, cmds)
  local set = keyword_set(cmds)
  local stages = doc.stages or {}
  local i, j = 1, 0
  return function()
    while stages[i] do
      local list = stages[i].instructions or {}
      j = j + 1
      local ins = list[j]
      if ins == nil then
        i, j = i + 1, 0
      elseif set == nil or set[ins.cmd] then
        return ins, instr_paths(doc, i)[j] or M.instr_path(i, j), stages[i], i
      end
    end
  end
end

-- Every key/value pair of the ENV, ARG or LABEL instructions named by cmds
-- (a keyword or a list), global ARGs included, in file order:
-- for p, value_path, ins, path in docker.each_pair(doc, { "ENV", "ARG" }) do … end
-- p is { key, value } (value absent for `ARG NAME`); value_path points at
-- the value ("stages[0].instructions[2].pairs[1].value").
function M.each_pair(doc, cmds)
  local set = keyword_set(cmds)
  local items = {}
  for ins, path in M.all(doc) do
    if set[ins.cmd] and type(ins.pairs) == "table" then
      for j, p in ipairs(ins.pairs) do
        items[#items + 1] = { p, ("%s.pairs[%d].value"):format(path, j - 1), ins, path }
      end
    end
  end
  local k = 0
  return function()
    k = k + 1
    local it = items[k]
    if it then return it[1], it[2], it[3], it[4] end
  end
end

-- The last `cmd` instruction (USER, HEALTHCHECK, …) that the final image
-- inherits: the final stage's own, else that of the stage it is built FROM,
-- and so on. Returns ins and its path (both nil when no stage of the lineage
-- has one) and the final stage's index (nil when the file has no stage).
function M.inherited(doc, cmd)
  local final, fi = M.final_stage(doc)
  if not final then return nil, nil, nil end
  for _, si in ipairs(M.lineage(doc, fi)) do
    local last, last_path
    for ins, path in M.each(doc, si, cmd) do last, last_path = ins, path end
    if last then return last, last_path, fi end
  end
  return nil, nil, fi
end

-- The set of stage indexes (1-based) whose layers ship in the final image:
-- the final stage and the stages it is built FROM ({ [3] = true, [1] = true }).
function M.final_lineage(doc)
  local set = {}
  local _, fi = M.final_stage(doc)
  for _, si in ipairs(M.lineage(doc, fi)) do set[si] = true end
  return set
end

-- The directory a WORKDIR instruction sets: its text with ARG/ENV
-- substituted, surrounding double quotes removed ("" when empty).
function M.workdir(ins)
  local dir = type(ins.expanded) == "string" and ins.expanded or ins.args or ""
  return (dir:gsub('^"(.*)"$', "%1"))
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

-- Split a shell-form argument string into words, honouring quotes and
-- backslash escapes. Returns a list of { text = "...", offset = n, raw = "..." }
-- where text has quotes removed and offset is the 0-based byte offset of the
-- word in s (usable as report{offset=}).
function M.words(s)
  local out = {}
  if type(s) ~= "string" then return out end
  local i, n = 1, #s
  while i <= n do
    while i <= n and s:sub(i, i):match("%s") do i = i + 1 end
    if i > n then break end
    local start, buf, quote = i, {}, nil
    while i <= n do
      local ch = s:sub(i, i)
      if quote then
        if ch == quote then quote = nil
        elseif ch == "\\" and quote == '"' and i < n then i = i + 1; buf[#buf + 1] = s:sub(i, i)
        else buf[#buf + 1] = ch end
      elseif ch == "'" or ch == '"' then quote = ch
      elseif ch:match("%s") then break
      elseif ch == "\\" and i < n then i = i + 1; buf[#buf + 1] = s:sub(i, i)
      else buf[#buf + 1] = ch end
      i = i + 1
    end
    out[#out + 1] = { text = table.concat(buf), offset = start - 1, raw = s:sub(start, i - 1) }
  end
  return out
end

-- The strings of a JSON array text, unescaped (\" \\ \/ \n \t only).
function M.json_strings(s)
  local out, i, n = {}, 1, #s
  while i <= n do
    local a = s:find('"', i, true)
    if not a then break end
    local buf, j = {}, a + 1
    while j <= n do
      local ch = s:sub(j, j)
      if ch == "\\" then
        local e = s:sub(j + 1, j + 1)
        buf[#buf + 1] = (e == "n" and "\n") or (e == "t" and "\t") or e
        j = j + 2
      elseif ch == '"' then break
      else buf[#buf + 1] = ch; j = j + 1 end
    end
    out[#out + 1] = table.concat(buf)
    i = j + 1
  end
  return out
end

-- Where the first n strings of a JSON array (exec form) start in its text:
-- q[k] is the 1-based index of the k-th string's opening quote, or false
-- when the text has fewer strings.
function M.exec_quotes(text, n)
  local q, from = {}, 1
  for k = 1, n do
    local a = text:find('"', from, true)
    q[k] = a or false
    if a then
      local close = a + 1
      while close <= #text do
        local ch = text:sub(close, close)
        if ch == "\\" then close = close + 1 elseif ch == '"' then break end
        close = close + 1
      end
      from = close + 1
    end
  end
  return q
end

-- The arguments of an instruction as words with offsets into ins.args:
-- exec form elements (offset of each quoted element) or shell-form words.
-- When `expanded` is true the text of each word comes from ins.expanded
-- (ARG/ENV substituted) when it splits into the same number of words.
function M.arg_words(ins, expanded)
  local out
  if ins.exec then
    out = {}
    local quotes = M.exec_quotes(ins.args or "", #ins.exec)
    for k, e in ipairs(ins.exec) do
      local a = quotes[k]
      out[k] = { text = e, offset = a and a - 1 or 0, raw = e }
    end
  else
    out = M.words(ins.args)
  end
  if expanded and type(ins.expanded) == "string" and not ins.exec then
    local ex = M.words(ins.expanded)
    if #ex == #out then
      for k, w in ipairs(out) do w.text = ex[k].text end
    end
  elseif expanded and type(ins.expanded) == "string" and ins.exec then
    local arr = M.json_strings(ins.expanded)
    if #arr == #out then for k, w in ipairs(out) do w.text = arr[k] end end
  end
  return out
end

-- COPY/ADD: sources and destination as words (see arg_words), text
-- substituted. Heredoc sources (<<EOF) come with heredoc = the heredoc table.
-- Returns sources (a list) and dest (a word or nil).
function M.copy_parts(ins)
  local w = M.arg_words(ins, true)
  if #w < 2 then return {}, nil end
  local dest = w[#w]
  local sources = {}
  for k = 1, #w - 1 do
    local word = w[k]
    local hname = word.raw:match("^<<%-?[\"']?([%w_%-%.]+)")
    if hname and not ins.exec then
      for _, h in ipairs(ins.heredocs or {}) do
        if h.name == hname then word.heredoc = h end
      end
    end
    sources[#sources + 1] = word
  end
  return sources, dest
end

-- Is s a remote source for ADD (http, https, git)?
function M.is_url(s)
  s = (s or ""):lower()
  return s:match("^https?://") ~= nil or s:match("^git@") ~= nil or s:match("^git://") ~= nil
    or s:match("^ssh://") ~= nil
end

-- Is s a local tar archive that ADD unpacks?
function M.is_archive(s)
  s = (s or ""):lower()
  for _, ext in ipairs({ ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz", ".tar.xz", ".txz",
                         ".tar.zst", ".tzst", ".tar.lz", ".tar.lzma", ".tlz" }) do
    if s:sub(-#ext) == ext then return true end
  end
  return false
end

-- The stage a COPY --from / FROM value names, as a 1-based stage index, or
-- nil (an image). Accepts stage names (case-insensitive) and numbers.
function M.stage_ref(doc, ref)
  if type(ref) ~= "string" then return nil end
  if ref:match("^%d+$") then
    local n = tonumber(ref) + 1
    if (doc.stages or {})[n] then return n end
    return nil
  end
  local low = ref:lower()
  for i, st in ipairs(doc.stages or {}) do
    if st.name == low then return i end
  end
  return nil
end

-- EXPOSE: the ports with the offset of each in ins.args (the k-th word
-- when the expansion kept the word count, else the text's first occurrence).
function M.ports(ins)
  local out, w = {}, M.words(ins.args)
  local ports = ins.ports or {}
  for k, p in ipairs(ports) do
    local off = (#w == #ports and w[k].offset) or M.offset_of(ins, p)
    out[k] = { text = p, offset = off, raw = (#w == #ports and w[k].raw) or p }
  end
  return out
end

-- Byte offset (0-based) of the plain text `needle` inside ins.args, or nil.
function M.offset_of(ins, needle)
  local a = type(ins.args) == "string" and needle and ins.args:find(needle, 1, true)
  return a and a - 1 or nil
end

-- Is this stage the final stage or one the final stage is built FROM?
function M.in_final_image(doc, i)
  local _, fi = M.final_stage(doc)
  for _, si in ipairs(M.lineage(doc, fi)) do if si == i then return true end end
  return false
end

return M
