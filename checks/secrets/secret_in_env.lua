-- secret-in-env: an environment variable whose value is a literal secret.
-- Kubernetes env[].value, Dockerfile ENV and ARG (any stage: the Dockerfile
-- itself is committed), image config Env, Compose environment (list and map
-- forms). Values are masked in every output.
local check = {
  id = "SEC-001", name = "secret-in-env", severity = "high", class = "risk",
  inputs = { "kubernetes", "dockerfile", "image", "archive", "compose", "container" }, kinds = "workloads",
  title = "Secret in an environment variable",
  description = [[
A password, token or key written as a literal environment value is stored in
version control, in the image history or the API server, and shown by
`docker inspect`, `kubectl describe` and every crash dump. Deliver secrets at
run time from a secret store, as mounted files.]],
  remediation = "Move the value to a Secret (Kubernetes) or a build secret (RUN --mount=type=secret) and rotate it: it has been exposed.",
}

-- Report every variable of `vars` whose value is a literal secret; fix(v)
-- is its remediation (nil: the check's own).
local function literals(report, vars, fix)
  for v in vars do
    local reason = v.value and secrets.classify(v.name, v.value)
    if reason then
      report {
        path = v.path, offset = v.offset, container = v.container, resource = v.resource, secret = v.value,
        message = ("%s %s holds a literal secret (%s): %s=%s"):format(
          v.where, v.name or "?", reason, v.name or "?", plimsoll.mask(v.value)),
        remediation = fix and fix(v),
      }
    end
  end
end

function check.kubernetes(doc, report)
  literals(report, env.kubernetes(doc), function(v)
    return ("Store the value in a Secret and mount it as a file, or at least reference it:\n  env:\n  - name: %s\n    valueFrom:\n      secretKeyRef:\n        name: <secret>\n        key: %s"):format(
      v.name or "?", (v.name or "key"):lower())
  end)
end

function check.compose(doc, report)
  literals(report, env.compose(doc), function(v)
    local id = v.name:lower()
    return ("Remove %s from %s.environment; use a Compose secret:\n  secrets:\n    - %s\n(top-level secrets: %s: { file: ./%s.txt }) and read it from /run/secrets/%s."):format(
      v.name, v.owner_path, id, id, id, id)
  end)
end

-- Where the default of ARG `name` goes after instruction `from` (its stage, or
-- every stage for a global ARG): the first ENV pair that copies it, as
-- { what = "ENV NAME", name = NAME, line = n }, and the first instruction that
-- uses it as the password of a URL (https://user:${NAME}@host), as
-- { what = "RUN", line = n }; nil when none.
local function add(t, k, v)
  local l = t[k]
  if not l then l = {}; t[k] = l end
  l[#l + 1] = v
end

-- One pass over the Dockerfile: for each variable name, the ENV pairs whose
-- value references it ($NAME, ${NAME}, ${NAME:-…}) and the instructions that
-- use it in the password of a URL, in document order. Built once per
-- document, so a Dockerfile of many ARGs costs linear time.
local function flow_index(doc)
  local env_refs, url_refs = {}, {}
  for ins in docker.all(doc) do
    if ins.line then
      if ins.cmd == "ENV" then
        for _, p in ipairs(ins.pairs or {}) do
          if type(p.value) == "string" then
            local seen = {}
            for n in p.value:gmatch("%${([A-Za-z_][A-Za-z0-9_]*)[}:#%%/+=?%-]") do seen[n] = true end
            for n in p.value:gmatch("%$([A-Za-z_][A-Za-z0-9_]*)") do seen[n] = true end
            for n in pairs(seen) do add(env_refs, n, { ins = ins, key = p.key }) end
          end
        end
      end
      if type(ins.args) == "string" then
        local seen = {}
        for pw in ins.args:gmatch("://[^/@%s:]*:([^/@%s]*)@") do
          for n in pw:gmatch("%${?([A-Za-z_][A-Za-z0-9_]*)") do seen[n] = true end
        end
        for n in pairs(seen) do add(url_refs, n, ins) end
      end
    end
  end
  return env_refs, url_refs
end

-- Where the default of ARG `name` goes after instruction `from` (its stage, or
-- every stage for a global ARG): the first ENV pair that copies it, as
-- { what = "ENV NAME", name = NAME, line = n }, and the first instruction that
-- uses it as the password of a URL (https://user:${NAME}@host), as
-- { what = "RUN", line = n }; nil when none.
local function flows(index, name, from)
  if not name:match("^[A-Za-z_][A-Za-z0-9_]*$") then return nil end
  local stage = from.stage
  local function after(ins)
    return from.line and ins.line > from.line and (stage == nil or ins.stage == stage)
  end
  local env_hit, url_hit
  for _, r in ipairs(index.env[name] or {}) do
    if after(r.ins) then
      env_hit = { what = "ENV " .. r.key, name = r.key, line = r.ins.line }
      break
    end
  end
  for _, ins in ipairs(index.url[name] or {}) do
    if after(ins) then
      url_hit = { what = ins.cmd, line = ins.line }
      break
    end
  end
  return env_hit, url_hit
end

local function dockerfile_fix(v)
  return ("Remove %s %s from the Dockerfile; pass it at build time with\n  RUN --mount=type=secret,id=%s …\nor at run time from a secret store, and rotate it."):format(
    v.cmd, v.name, v.name:lower())
end

-- ENV and ARG values as written; an ARG whose literal default is not a
-- secret by its own name is one when it flows into an ENV whose name says
-- so (ARG K=… then ENV DB_PASSWORD=$K: the image config keeps it) or into the
-- password of a URL (git clone https://bot:${K}@host/…).
function check.dockerfile(doc, report)
  literals(report, env.dockerfile(doc), dockerfile_fix)
  local index
  for v in env.dockerfile(doc) do
    if v.cmd == "ARG" and v.value and not secrets.classify(v.name, v.value) and secrets.literal_value(v.value) then
      if not index then
        local e, u = flow_index(doc)
        index = { env = e, url = u }
      end
      local e, u = flows(index, v.name, v.ins)
      local reason
      if e and secrets.classify(e.name, v.value) then
        reason = ("its default flows into %s on line %d, which keeps it in the image config"):format(e.what, e.line)
      elseif u then
        reason = ("its default is the password of a URL in the %s on line %d"):format(u.what, u.line)
      end
      if reason then
        report {
          path = v.path, offset = v.offset, secret = v.value,
          message = ("ARG %s holds a literal secret (%s): %s=%s"):format(v.name, reason, v.name, plimsoll.mask(v.value)),
          remediation = dockerfile_fix(v),
        }
      end
    end
  end
end

function check.image(doc, report)
  literals(report, env.image(doc))
end

-- Running container: Config.Env (docker inspect shows every value).
function check.container(doc, report)
  literals(report, inspect.env(doc), function(v)
    return ("Recreate the container without -e %s; mount the secret as a file (docker secret, or -v with a root-only file) and rotate it: docker inspect has shown it."):format(v.name)
  end)
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
