-- build-secret-persisted: a build secret (RUN --mount=type=secret) that the
-- same RUN copies or writes into a file of the image: the mount keeps it out
-- of the layer, the copy puts it back in.
local check = {
  id = "SEC-008", name = "build-secret-persisted", severity = "high", class = "risk",
  inputs = { "dockerfile" },
  title = "Build secret written into the image",
  description = [[
A secret mounted with RUN --mount=type=secret is never stored in the image, but
only while nothing copies it: `cp /run/secrets/npmrc ~/.npmrc`, `cat … > file`,
`… | tee file` or `npm config set …:_authToken=$(cat …)` write it into a file of
the layer, where everyone who can pull the image (or read the build cache) finds
it. Deleting the file in a later RUN does not take it out of this layer.]],
  remediation = "Mount the secret where the tool reads it (RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci) or delete the copy in the same RUN.",
}

-- Where the secrets of RUN r are, as text the commands may hold: mount
-- targets (default /run/secrets/<id>) and $NAME of env= mounts.
local function secret_refs(r)
  local refs = {}
  for _, m in ipairs(r.mounts or {}) do
    if m.type == "secret" then
      local id = type(m.id) == "string" and m.id or nil
      local target = type(m.target) == "string" and m.target or (id and "/run/secrets/" .. id)
      if target then refs[#refs + 1] = { text = target, id = id or target:match("([^/]+)$") } end
      if type(m.env) == "string" and m.env:match("^[A-Za-z_][A-Za-z0-9_]*$") then
        refs[#refs + 1] = { text = "$" .. m.env, id = id or m.env, var = m.env }
        refs[#refs + 1] = { text = "${" .. m.env .. "}", id = id or m.env, var = m.env }
      end
    end
  end
  return refs
end

-- The secret reference of refs that the text holds, or nil.
local function reads(text, refs)
  for _, ref in ipairs(refs) do
    if text:find(ref.text, 1, true) then return ref end
  end
  return nil
end

local DISCARD = { ["/dev/null"] = true, ["/dev/stdout"] = true, ["/dev/stderr"] = true }
local COPIERS = { cp = true, install = true, mv = true, rsync = true, dd = true }

-- Files command k of cmds writes a secret of refs into: { target, offset,
-- ref, how } list.
local function writes(c, cmds, k, refs)
  local out = {}
  local text = shell.text(c)
  local ref = reads(text, refs)
  -- cp /run/secrets/x /app/x (and install, mv, rsync, dd of=)
  if ref and COPIERS[c.name] then
    local last, lw = nil, nil
    for j, a in ipairs(c.args) do
      if c.name == "dd" and a:match("^of=") then last, lw = a:sub(4), c.arg_words[j] end
      if c.name ~= "dd" and a:sub(1, 1) ~= "-" then last, lw = a, c.arg_words[j] end
    end
    if last and not last:find(ref.text, 1, true) then
      out[#out + 1] = { target = last, offset = lw and lw.offset or c.offset, ref = ref, how = c.name }
    end
  end
  -- cat /run/secrets/x > file, echo "…$(cat /run/secrets/x)" >> file
  if ref then
    for _, d in ipairs(c.redirs or {}) do
      if (d.op == ">" or d.op == ">>" or d.op == ">|") and d.target and not DISCARD[d.target] then
        out[#out + 1] = { target = d.target, offset = d.target_offset or c.offset, ref = ref, how = "a redirection" }
      end
    end
  end
  -- … /run/secrets/x … | tee file
  local prev = cmds[k - 1]
  if c.name == "tee" and c.op_before == "|" and prev then
    local pref = reads(shell.text(prev), refs)
    if pref then
      for j, a in ipairs(c.args) do
        if a:sub(1, 1) ~= "-" and not DISCARD[a] then
          out[#out + 1] = { target = a, offset = c.arg_words[j].offset, ref = pref, how = "tee" }
        end
      end
    end
  end
  -- npm config set //registry/:_authToken=$(cat /run/secrets/npm): ~/.npmrc
  if ref and (c.name == "npm" or c.name == "yarn" or c.name == "pnpm") and c.args[1] == "config" and c.args[2] == "set" then
    out[#out + 1] = { target = "~/.npmrc", offset = c.offset, ref = ref, how = c.name .. " config set" }
  end
  return out
end

function check.dockerfile(doc, report)
  for _, r in ipairs(shell.dockerfile_runs(doc)) do
    local refs = shell.has_secret_mount(r) and secret_refs(r) or {}
    if #refs > 0 then
      for k, c in ipairs(r.commands) do
        if c.depth == 0 then
          for _, w in ipairs(writes(c, r.commands, k, refs)) do
            if not shell.removed_later(r.commands, k, w.target) and not w.target:match("^/run/secrets/") then
              report {
                path = c.path, offset = w.offset,
                message = ("RUN writes build secret %s into %s (%s): the file stays in the layer"):format(
                  w.ref.id, w.target, w.how),
                remediation = ("Mount the secret where it is read instead of copying it:\n  RUN --mount=type=secret,id=%s,target=%s …\nor delete %s at the end of the same RUN."):format(
                  w.ref.id, w.target, w.target),
              }
            end
          end
        end
      end
    end
  end
end

return check
