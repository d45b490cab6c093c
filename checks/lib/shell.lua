-- shell.lua — a small POSIX-shell reader for RUN commands: words (quotes,
-- backslashes, `$VAR`/`${…}`/`$(…)` kept as text), operators, comments,
-- here-documents, `case` patterns, `sh -c "…"` and `$(…)` recursion, the
-- command word past `sudo`/`env`/`nice`/`xargs`/… prefixes, and `set -e` /
-- `set -o pipefail` state. It never expands anything and never fails: text it
-- cannot understand becomes plain words.
--
-- shell.parse(src[, opts]) → list of simple commands, in source order, those
-- of `sh -c` scripts and command substitutions included (depth > 0). Each is
--   { argv = { "sudo", "apt-get", "install", … },   -- values, quotes removed
--     words = { { value, raw, offset } … },   -- value: quotes removed; raw: as written
--     cmd = 2, name = "apt-get",        -- index in argv of the command word, its basename
--     args = { "install", … }, arg_words = { … },   -- after the command word
--     offset,                           -- byte offset (0-based) of the command word
--     start,                            -- of the first word
--     prefixes = { { name = "sudo", offset = n } },
--     assigns = { { name, value, offset } },   -- VAR=x before the command
--     redirs = { { op = ">", target = "…", offset = n } },
--     op_before, op_after,              -- "&&" "||" ";" "|" "|&" "&" "\n" or nil
--     pipeline,                         -- commands joined by | share it
--     depth, parent,                    -- sh -c / $(…) nesting
--     script, subst,                    -- true: from `sh -c SCRIPT`; from $(…) `…` <(…)
--     errexit, pipefail,                -- shell options in force when it runs
--     path }                            -- opts.path, for report{}
-- Offsets are 0-based bytes into the top-level source (plus opts.shift, a
-- number, or through opts.map when given: a function from an offset in src to
-- the reported offset).
--
-- shell.dockerfile_runs(doc), shell.image_runs(doc) → the RUNs of a Dockerfile
-- (every stage) or of an image history, parsed once per document:
--   { path, commands, shell = { argv }, mounts = { {type=, target=…} },
--     form = "shell"|"exec"|"heredoc"|"history", pipefail, text,
--     stage, ins (Dockerfile) | history (image: index in doc.history) }
-- Exec-form RUN is argv directly (run through `sh -c` recursion when it is a shell).
--
-- shell.commands(runs)                  for c, r, k: every command of every RUN
-- shell.command_handlers(fn)            check.dockerfile, check.image calling fn(report, c, r, k)
-- shell.removed_later(cmds, k, path)    is path rm'd after command k of the RUN?
-- shell.find_after(cmds, k, pred)       the first command after k matching pred
-- shell.text(c[, from])                 the command as written
-- shell.history_command(created_by)     the shell text of an image history step
local M = {}

local SHELLS = { sh = true, bash = true, ash = true, dash = true, zsh = true, ksh = true, mksh = true }
M.SHELLS = SHELLS

local function basename(s) return (s:match("([^/]*)$")) end
M.basename = basename

-- The lexer is in C (src/lua_shell.c: plimsoll.shell_lex), token for token
-- what it was in Lua: { t = "w", value, raw, offset, first[, subs = { {a, b} }] }
-- (subs: 1-based bounds of the text of each $(…) `…` <(…) in the word) or
-- { t = "op", value, offset }. Offsets are 0-based into src, plus `shift`
-- (a number) or through `map` (a function from an offset in src).
local lex_c, word_pos_c = plimsoll.shell_lex, plimsoll.shell_word_pos
local NO_SUBS = {}
local REDIR = { [">"] = true, ["<"] = true, [">>"] = true, ["<<"] = true, ["<<-"] = true, ["<<<"] = true,
  ["&>"] = true, ["&>>"] = true, [">&"] = true, ["<&"] = true, [">|"] = true, ["<>"] = true }

local function lex(src, map, shift)
  if shift then return lex_c(src, shift) end
  local toks = lex_c(src, 0)
  for _, t in ipairs(toks) do t.offset = map(t.offset) end
  return toks
end

-- The reported offset of value byte o (0-based) of word w, lexed from src
-- through map: the word's own offset past its end. Exec-form words start at
-- w.pos_base; lexed words get their byte offsets from the lexer on demand.
local function word_pos(w, o, src, map)
  if o < 0 or o >= #w.value then return w.offset end
  if w.pos_base then return w.pos_base + o end
  w.pos = w.pos or word_pos_c(src, w.first)
  return map(w.pos[o + 1])
end

local RESERVED = { ["if"] = true, ["then"] = true, ["else"] = true, ["elif"] = true, ["fi"] = true,
  ["do"] = true, ["done"] = true, ["while"] = true, ["until"] = true, ["!"] = true, ["{"] = true,
  ["}"] = true, ["esac"] = true }

-- Options taking a value, per prefix command; the value after a prefix is skipped.
local PREFIX = {
  sudo = { val = { u = true, g = true, C = true, h = true, p = true, D = true, r = true, t = true, T = true, U = true,
    ["--user"] = true, ["--group"] = true, ["--chdir"] = true, ["--prompt"] = true } },
  env = { val = { u = true, C = true, ["--unset"] = true, ["--chdir"] = true }, assigns = true },
  nice = { val = { n = true, ["--adjustment"] = true } },
  nohup = { val = {} },
  time = { val = { f = true, o = true, ["--format"] = true, ["--output"] = true } },
  xargs = { val = { I = true, n = true, L = true, P = true, d = true, E = true, s = true, a = true,
    ["--max-args"] = true, ["--max-procs"] = true, ["--delimiter"] = true, ["--arg-file"] = true,
    ["--max-lines"] = true, ["--max-chars"] = true, ["--eof"] = true, ["--replace"] = true } },
  exec = { val = { a = true } },
  command = { val = {} },
  timeout = { val = { s = true, k = true, ["--signal"] = true, ["--kill-after"] = true }, operands = 1 },
  gosu = { val = {}, operands = 1 },
  ["su-exec"] = { val = {}, operands = 1 },
  stdbuf = { val = { i = true, o = true, e = true } },
}
M.PREFIX = PREFIX

-- Find the command word in argv from index k: skips prefix commands and their
-- options. Returns index (or nil) and the prefixes seen.
local function command_word(argv, words, k)
  local prefixes = {}
  while argv[k] do
    local name = basename(argv[k])
    local p = PREFIX[name]
    if not p then break end
    if name == "command" and (argv[k + 1] == "-v" or argv[k + 1] == "-V") then break end
    prefixes[#prefixes + 1] = { name = name, offset = words[k].offset }
    k = k + 1
    while argv[k] do
      local a = argv[k]
      if a == "--" then k = k + 1; break end
      if a:sub(1, 2) == "--" then
        k = k + 1
        if p.val[a] then k = k + 1 end
      elseif a:sub(1, 1) == "-" and #a > 1 then
        k = k + 1
        local letter = a:sub(2, 2)
        if #a == 2 and p.val[letter] then k = k + 1 end
      elseif p.assigns and a:match("^[%a_][%w_]*=") then
        k = k + 1
      elseif name == "sudo" and a:match("^[%a_][%w_]*=") then
        k = k + 1
      else break end
    end
    for _ = 1, p.operands or 0 do if argv[k] then k = k + 1 end end
  end
  if argv[k] then return k, prefixes end
  return nil, prefixes
end

local function apply_set(args, state)
  local k = 1
  while args[k] do
    local a = args[k]
    local sign = a:sub(1, 1)
    if (sign == "-" or sign == "+") and #a > 1 and a ~= "--" then
      local on = sign == "-"
      local wants_o = false
      for ch in a:sub(2):gmatch(".") do
        if ch == "e" then state.errexit = on
        elseif ch == "o" then wants_o = true end
      end
      if wants_o and args[k + 1] then
        k = k + 1
        if args[k] == "pipefail" then state.pipefail = on
        elseif args[k] == "errexit" then state.errexit = on end
      end
    end
    k = k + 1
  end
end

-- The script of `sh -c SCRIPT`, its word index and shell options set on the line.
local function shell_c(c)
  if not (c.name and SHELLS[c.name]) then return nil end
  local k, state, has_c = c.cmd + 1, {}, false
  while c.argv[k] do
    local a = c.argv[k]
    if a == "-o" or a == "+o" then
      if c.argv[k + 1] == "pipefail" then state.pipefail = a == "-o" end
      k = k + 2
    elseif a:match("^%-%a+$") then
      if a:find("c", 2, true) then has_c = true end
      if a:find("e", 2, true) then state.errexit = true end
      k = k + 1
    else break end
  end
  if has_c and c.argv[k] then return k, state end
  return nil
end
M.shell_c = shell_c

local parse

local function first_word(c)
  for _, w in ipairs(c.words) do
    if not (RESERVED[w.value] and w.value == w.raw) then return w.raw end
  end
end

local function build(toks, opts, out, depth, parent, state, src, map, shift)
  local cur, case_stack, in_pattern = nil, {}, false
  local pipeline = (opts.pipeline_base or 0)
  local last_op = nil
  -- $(…) `…` <(…) inside words (but the word that is a `sh -c` script)
  local function subs(wl, skip, c)
    for j, w in ipairs(wl) do
      if j ~= skip then
        for _, s in ipairs(w.subs or NO_SUBS) do
          parse(src:sub(s[1], s[2]), { path = opts.path, shift = shift and shift + s[1] - 1,
            map = not shift and function(o) return map(s[1] - 1 + o) end or nil,
            pipeline_base = pipeline * 1000 + 500 + j, subst = true }, out, depth + 1, c,
            { errexit = state.errexit, pipefail = state.pipefail })
        end
      end
    end
  end
  local function flush(op)
    local c = cur
    cur = nil
    if not c or #c.words == 0 then
      if c and #c.redirs > 0 then c.words = {} else last_op = op or last_op; return end
    end
    -- reserved words and assignments before the command
    local words = c.words
    local k = 1
    while words[k] and RESERVED[words[k].value] and words[k].value == words[k].raw do k = k + 1 end
    local first = words[k] and words[k].value
    if first == "case" then
      case_stack[#case_stack + 1] = true
      in_pattern = true
      last_op = op
      return
    end
    if (first == "for" or first == "select") and words[k].value == words[k].raw then last_op = op; return end
    local argv, wl = {}, {}
    for j = k, #words do argv[#argv + 1] = words[j].value; wl[#wl + 1] = words[j] end
    c.assigns = {}
    local a = 1
    while argv[a] and wl[a].raw:match("^[%a_][%w_]*=") do
      local name, value = argv[a]:match("^([^=]*)=(.*)$")
      c.assigns[#c.assigns + 1] = { name = name, value = value, offset = wl[a].offset }
      a = a + 1
    end
    c.argv, c.words = argv, wl
    if #argv == 0 then
      local real = false
      for _, d in ipairs(c.redirs) do if d.op ~= "<<" and d.op ~= "<<-" then real = true end end
      if not real then last_op = op; return end
    end
    local ci, prefixes = command_word(argv, wl, a)
    c.prefixes = prefixes
    c.cmd = ci
    c.start = wl[1] and wl[1].offset or (c.redirs[1] and c.redirs[1].offset) or 0
    c.offset = ci and wl[ci].offset or c.start
    c.name = ci and basename(argv[ci]) or nil
    c.args, c.arg_words = {}, {}
    if ci then
      for j = ci + 1, #argv do c.args[#c.args + 1] = argv[j]; c.arg_words[#c.arg_words + 1] = wl[j] end
    end
    c.op_before = last_op
    c.op_after = op
    if last_op ~= "|" and last_op ~= "|&" then pipeline = pipeline + 1 end
    c.pipeline = pipeline
    c.depth, c.parent, c.path = depth, parent, opts.path
    c.script, c.subst = opts.script, opts.subst
    c.errexit, c.pipefail = state.errexit or false, state.pipefail or false
    out[#out + 1] = c
    if c.name == "set" then apply_set(c.args, state) end
    last_op = op
    -- recursion: sh -c SCRIPT, and $(…) `…` <(…) inside any word
    local si, st = shell_c(c)
    if si then
      local w = wl[si]
      local inner = { errexit = st.errexit or false, pipefail = st.pipefail or false }
      parse(w.value, { path = opts.path, map = function(o) return word_pos(w, o, src, map) end,
        pipeline_base = pipeline * 1000, script = true }, out, depth + 1, c, inner)
    end
    subs(wl, si, c)
  end
  local pending_redir = nil
  for _, t in ipairs(toks) do
    if t.t == "w" then
      if pending_redir then
        pending_redir.target = t.value
        pending_redir.target_offset = t.offset
        pending_redir = nil
      elseif t.raw == "in" and cur and not in_pattern and first_word(cur) == "case" then
        subs(cur.words, nil, parent)
        cur = nil
        case_stack[#case_stack + 1] = true
        in_pattern = true
      elseif in_pattern then
        if t.value == "esac" and t.raw == "esac" then
          table.remove(case_stack)
          in_pattern = false
        end
      else
        if t.value == "esac" and t.raw == "esac" and #case_stack > 0 then
          flush(";")
          table.remove(case_stack)
        else
          cur = cur or { words = {}, redirs = {} }
          cur.words[#cur.words + 1] = t
        end
      end
    else
      local op = t.value
      if REDIR[op] and not in_pattern then
        cur = cur or { words = {}, redirs = {} }
        pending_redir = { op = op, offset = t.offset }
        cur.redirs[#cur.redirs + 1] = pending_redir
      elseif in_pattern then
        if op == ")" then in_pattern = false end
      elseif op == ";;" then
        flush(";")
        if #case_stack > 0 then in_pattern = true end
      else
        if op == "(" or op == ")" then op = ";" end
        flush(op)
      end
    end
  end
  flush(nil)
end

parse = function(src, opts, out, depth, parent, state)
  opts = opts or {}
  local shift = opts.shift or (opts.map == nil and 0) or nil
  local map = opts.map or function(o) return o + shift end
  out = out or {}
  state = state or { errexit = opts.errexit or false, pipefail = opts.pipefail or false }
  build(lex(src, map, shift), opts, out, depth or 0, parent, state, src, map, shift)
  return out
end

-- shell.parse(src, opts) → list of commands (see the header).
function M.parse(src, opts)
  return parse(src, opts or {})
end

-- Commands of one argv given directly (exec form): words at offsets `offs`.
function M.from_argv(argv, offs, opts)
  local toks = {}
  for k, v in ipairs(argv) do
    toks[#toks + 1] = { t = "w", value = v, raw = v, offset = offs[k], pos_base = offs[k] }
  end
  local out = {}
  build(toks, opts or {}, out, 0, nil, { errexit = false, pipefail = false }, "", function(o) return o end, 0)
  return out
end

-- Parse a --mount flag value: "type=cache,target=/var/cache/apt" → table.
function M.parse_mount(s)
  local m = {}
  for part in (s or ""):gmatch("[^,]+") do
    local k, v = part:match("^([^=]*)=(.*)$")
    if k then m[k:lower()] = v else m[part:lower()] = true end
  end
  m.type = m.type or "bind"
  m.target = m.target or m.dst or m.destination
  return m
end

-- Does a command (name) follow `c` in the same list, at or after index i,
-- matching pred? Helper for "cleanup later in the same RUN".
function M.find_after(cmds, i, pred)
  for k = i + 1, #cmds do
    if pred(cmds[k]) then return cmds[k], k end
  end
  return nil
end

-- Offsets of the strings of a JSON array as written in `text` (exec form):
-- the 0-based offset of each string's first byte after its quote.
local function exec_offsets(text, argv)
  local offs = {}
  for k, q in ipairs(docker.exec_quotes(text, #argv)) do offs[k] = q or 0 end
  return offs
end

-- Does the heredoc body run as a script? `RUN <<EOF` alone, or fed to a shell.
local function heredoc_is_script(args, name)
  local rest = args:gsub("<<%-?[\"']?" .. name:gsub("%p", "%%%0") .. "[\"']?", "", 1)
  rest = rest:gsub("^%s+", ""):gsub("%s+$", "")
  if rest == "" then return true end
  local first = rest:match("^(%S+)")
  return SHELLS[basename(first)] and not rest:find("%s%-c%s") or false
end

-- The --mount flags of a RUN, parsed.
local function mounts_of(ins)
  local mounts = {}
  local fm = ins.flags and ins.flags.mount
  if type(fm) == "string" then fm = { fm } end
  for _, m in ipairs(type(fm) == "table" and fm or {}) do mounts[#mounts + 1] = M.parse_mount(m) end
  return mounts
end

-- The commands of one RUN: exec form, heredocs (bodies that run as scripts
-- appended) or shell form; sets r.form.
local function run_commands(r, ins, path)
  local args = ins.args or ""
  if type(ins.exec) == "table" then
    r.form, r.pipefail = "exec", false
    return M.from_argv(ins.exec, exec_offsets(args, ins.exec), { path = r.path })
  end
  local cmds = M.parse(args, { path = r.path, pipefail = r.pipefail })
  if type(ins.heredocs) == "table" and #ins.heredocs > 0 then
    r.form = "heredoc"
    for k, h in ipairs(ins.heredocs) do
      if type(h.body) == "string" and type(h.name) == "string" and heredoc_is_script(args, h.name) then
        for _, c in ipairs(M.parse(h.body, { path = ("%s.heredocs[%d].body"):format(path, k - 1), pipefail = r.pipefail,
                                              pipeline_base = k * 100000 })) do
          cmds[#cmds + 1] = c
        end
      end
    end
  else
    r.form = "shell"
  end
  return cmds
end

-- The RUN commands of a Dockerfile (every stage, in order), under the SHELL
-- in force at each.
local function dockerfile_runs_of(doc)
  local out = {}
  for i in ipairs(doc.stages or {}) do
    local sh = { "/bin/sh", "-c" }
    for ins, path in docker.each(doc, i) do
      if ins.cmd == "SHELL" and type(ins.exec) == "table" then
        sh = ins.exec
      elseif ins.cmd == "RUN" then
        local pf = false
        for k = 1, #sh do if sh[k] == "pipefail" and sh[k - 1] == "-o" then pf = true end end
        local r = { path = path .. ".args", stage = i, ins = ins, shell = sh, mounts = mounts_of(ins), pipefail = pf,
                    text = ins.args or "" }
        r.commands = run_commands(r, ins, path)
        out[#out + 1] = r
      end
    end
  end
  return out
end

-- The RUN steps of an image history.
local function image_runs_of(doc)
  local out = {}
  for _, cb, path, k in image.history(doc) do
    local text, off = M.history_command(cb)
    if text then
      local r = { path = path, history = k, mounts = {}, form = "history", text = cb, shell = { "/bin/sh", "-c" } }
      r.commands = M.parse(text, { path = path, shift = off })
      out[#out + 1] = r
    end
  end
  return out
end

-- The RUN commands of a Dockerfile, and of an image history. Parsed once per
-- document, whichever checks ask (plimsoll.once: the engine owns the cache);
-- the result is read-only.
function M.dockerfile_runs(doc) return plimsoll.once(doc, dockerfile_runs_of) end
function M.image_runs(doc) return plimsoll.once(doc, image_runs_of) end

-- The shell command of an image history `created_by`, and its offset in it;
-- nil for the non-RUN steps (`#(nop)`, and BuildKit's `COPY … # buildkit`).
function M.history_command(cb)
  local s, off = cb, 0
  local function cut(n) s = s:sub(n + 1); off = off + n end
  local buildkit = false
  if s:match("^RUN ") then cut(4); buildkit = true end
  local n = s:match("^|(%d+) ")
  if n then
    cut(#n + 2)
    for _ = 1, tonumber(n) do
      local w = s:match("^%S+%s*")
      if not w then break end
      cut(#w)
    end
  end
  local shl = s:match("^(/%S*/%a*sh%s[^\"']-%-c%s+)")
  if shl then
    cut(#shl)
  elseif not buildkit then
    return nil
  end
  if s:match("^#%(nop%)") then return nil end
  if buildkit then s = s:gsub("%s*# buildkit$", "") end
  return s, off
end

-- Every command of every RUN of a list from dockerfile_runs or image_runs:
-- for c, r, k in shell.commands(shell.dockerfile_runs(doc)) do … end
-- (r is the RUN, k the index of c in r.commands).
function M.commands(runs)
  local i, k = 1, 0
  return function()
    while runs[i] do
      k = k + 1
      local c = runs[i].commands[k]
      if c then return c, runs[i], k end
      i, k = i + 1, 0
    end
  end
end

-- The two handlers of a check that judges RUN commands alike in a Dockerfile
-- and in an image history: each calls fn(report, c, r, k) for every command
-- of every RUN (see shell.commands).
-- check.dockerfile, check.image = shell.command_handlers(on_command)
function M.command_handlers(fn)
  local function on_dockerfile(doc, report)
    for c, r, k in M.commands(M.dockerfile_runs(doc)) do fn(report, c, r, k) end
  end
  local function on_image(doc, report)
    for c, r, k in M.commands(M.image_runs(doc)) do fn(report, c, r, k) end
  end
  return on_dockerfile, on_image
end

-- Is `path` an operand of an `rm` later in the same RUN (after command k of
-- cmds), so that what a command did to it does not reach the layer?
function M.removed_later(cmds, k, path)
  if not path then return false end
  for j = k + 1, #cmds do
    local d = cmds[j]
    if d.name == "rm" then
      for _, a in ipairs(d.args) do if a == path then return true end end
    end
  end
  return false
end

-- The command as written (raw words from index `from`, default the command word).
function M.text(c, from)
  local out = {}
  for j = from or c.cmd or 1, #c.words do out[#out + 1] = c.words[j].raw end
  return table.concat(out, " ")
end

-- Does the RUN mount a build secret?
function M.has_secret_mount(r)
  for _, m in ipairs(r.mounts or {}) do if m.type == "secret" then return true end end
  return false
end

return M
