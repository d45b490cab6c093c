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

-- The lexer and the command builder are in C (src/lua_shell.c,
-- src/lua_shell_parse.c: plimsoll.shell_parse, plimsoll.shell_from_argv),
-- statement for statement the Lua they replaced (tools/shell_parity.sh
-- compares them with it over any corpus). The tables below are theirs:
-- reserved words, prefix commands, shells, redirection operators.
local REDIR = { [">"] = true, ["<"] = true, [">>"] = true, ["<<"] = true, ["<<-"] = true, ["<<<"] = true,
  ["&>"] = true, ["&>>"] = true, [">&"] = true, ["<&"] = true, [">|"] = true, ["<>"] = true }

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

local TABLES = { RESERVED = RESERVED, PREFIX = PREFIX, SHELLS = SHELLS, REDIR = REDIR }
local parse_c, from_argv_c = plimsoll.shell_parse, plimsoll.shell_from_argv

-- shell.parse(src, opts) → list of commands (see the header).
function M.parse(src, opts)
  return parse_c(src, opts or {}, TABLES)
end

-- Commands of one argv given directly (exec form): words at offsets `offs`.
function M.from_argv(argv, offs, opts)
  return from_argv_c(argv, offs, opts or {}, TABLES)
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
