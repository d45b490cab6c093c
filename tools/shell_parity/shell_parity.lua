-- shell-parity: every RUN of a Dockerfile or image history parsed twice, by
-- checks/lib/shell.lua (lexer and builder in C) and by lib/shell_ref.lua (shell.lua as
-- it was with its lexer in Lua), and compared field by field: every command
-- of every RUN, its words (value, raw, offset), the offsets of `sh -c`
-- script commands and substitutions, prefixes, assignments, redirections,
-- operators, pipelines, nesting, shell options. Reports one `same` finding
-- per document with the count compared, and a `DIFF` finding at the first
-- difference of a RUN. Run by tools/shell_parity.sh.
local check = {
  id = "TST-002", name = "shell-parity", severity = "info",
  inputs = { "dockerfile", "image" },
  title = "Shell parses compared",
  description = "Tool check: shell.lua against the reference Lua lexer.",
  remediation = "None: a tool.",
}

local function q(v) return v == nil and "nil" or tostring(v) end

local function command_text(c, index_of)
  local out = { q(c.name), q(c.cmd), q(c.offset), q(c.start), q(c.op_before), q(c.op_after), q(c.pipeline),
    q(c.depth), q(c.script), q(c.subst), q(c.errexit), q(c.pipefail), q(c.path),
    q(c.parent and index_of[c.parent]) }
  for _, w in ipairs(c.words) do out[#out + 1] = ("w[%s|%s|%s]"):format(w.value, w.raw, q(w.offset)) end
  for _, a in ipairs(c.args) do out[#out + 1] = "a=" .. a end
  for _, w in ipairs(c.arg_words) do out[#out + 1] = "aw=" .. q(w.offset) end
  for _, p in ipairs(c.prefixes) do out[#out + 1] = ("p[%s|%s]"):format(p.name, q(p.offset)) end
  for _, a in ipairs(c.assigns) do out[#out + 1] = ("s[%s|%s|%s]"):format(a.name, a.value, q(a.offset)) end
  for _, d in ipairs(c.redirs) do
    out[#out + 1] = ("r[%s|%s|%s|%s]"):format(d.op, q(d.target), q(d.offset), q(d.target_offset))
  end
  return table.concat(out, "\31")
end

local function run_text(r)
  local out = { q(r.path), q(r.form), q(r.text), q(r.pipefail), q(r.stage), q(r.history), #r.commands }
  for _, s in ipairs(r.shell or {}) do out[#out + 1] = "sh=" .. s end
  return table.concat(out, "\31")
end

local function compare(report, mine, ref)
  local compared = 0
  if #mine ~= #ref then
    report { path = "", message = ("DIFF: %d RUNs, reference %d"):format(#mine, #ref) }
    return 0
  end
  for i, r in ipairs(mine) do
    local rr = ref[i]
    local a, b = run_text(r), run_text(rr)
    if a ~= b then
      report { path = r.path, message = "DIFF run: " .. a:sub(1, 1500) .. " <> " .. b:sub(1, 1500) }
      return compared
    end
    local ia, ib = {}, {}
    for k, c in ipairs(r.commands) do ia[c] = k end
    for k, c in ipairs(rr.commands) do ib[c] = k end
    for k, c in ipairs(r.commands) do
      a, b = command_text(c, ia), command_text(rr.commands[k], ib)
      if a ~= b then
        report { path = r.path, message = ("DIFF command %d: %s <> %s"):format(k, a:sub(1, 1800), b:sub(1, 1800)) }
        return compared
      end
      compared = compared + 1
    end
  end
  return compared
end

function check.dockerfile(doc, report)
  local n = compare(report, shell.dockerfile_runs(doc), shell_ref.dockerfile_runs(doc))
  report { path = "", message = ("same: %d commands"):format(n) }
end

function check.image(doc, report)
  local n = compare(report, shell.image_runs(doc), shell_ref.image_runs(doc))
  report { path = "", message = ("same: %d commands"):format(n) }
end

return check
