-- credential-setup-in-build: a RUN that logs in or writes credentials, without
-- a build secret mount: the credential stays in the layer or the history.
local check = {
  id = "SEC-006", name = "credential-setup-in-build", severity = "high", class = "risk",
  inputs = { "dockerfile", "image", "archive" },
  title = "Credentials set up in a RUN",
  description = [[
A RUN that logs in to a registry, configures cloud or npm credentials or writes
.npmrc, .netrc or .git-credentials keeps them: in the layer's files, in the
image history (build args and the command line), or both. Use a build secret
(RUN --mount=type=secret), which is never stored in the image.]],
  remediation = "Pass the credential as a build secret and use it in the same RUN:\n  RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nand build with `docker build --secret id=npmrc,src=$HOME/.npmrc .`",
}

local LOGIN = { docker = true, podman = true, buildah = true, skopeo = true, nerdctl = true, helm = true }
local AWS_KEYS = { aws_secret_access_key = true, aws_access_key_id = true, aws_session_token = true }

local function literal(v) return v and v ~= "" and not v:find("$", 1, true) and v or nil end

-- The files command c writes, { path, offset }: redirections, and tee's operands.
local function written(c)
  local out = {}
  for _, d in ipairs(c.redirs) do
    if (d.op == ">" or d.op == ">>") and d.target then out[#out + 1] = { d.target, d.target_offset } end
  end
  for j, a in ipairs(c.name == "tee" and c.args or {}) do
    if a:sub(1, 1) ~= "-" then out[#out + 1] = { a, c.arg_words[j].offset } end
  end
  return out
end

-- Why command k of cmds sets up credentials: reason, word, secret value
-- (when literal); nil when it does not.
local function why(c, cmds, k)
  local n, args, words = c.name, c.args, c.arg_words
  if LOGIN[n] then
    local sub = n == "helm" and args[2] == "login" and args[1] == "registry" and 3 or (args[1] == "login" and 2)
    local j, v, joined = secrets.login_password(args, sub)
    if j then return ("%s login %s"):format(n, joined and "--password" or args[j]), words[j], literal(v) end
  elseif n == "aws" and args[1] == "configure" and args[2] == "set" then
    local key = (args[3] or ""):lower():gsub("^.*%.", "")
    if AWS_KEYS[key] then return "aws configure set " .. key, words[3], literal(args[4]) end
  elseif (n == "npm" or n == "yarn" or n == "pnpm") and (args[1] == "config" and args[2] == "set" or args[1] == "set") then
    local j = args[1] == "set" and 2 or 3
    local key = args[j] or ""
    if key:lower():find("_auth", 1, true) or key:lower():find("_password", 1, true) then
      local v = key:match("=(.*)$") or args[j + 1]
      return n .. " config set " .. (key:match("^[^=]*")), words[j], literal(v)
    end
  elseif n == "git" and args[1] == "config" then
    for j, a in ipairs(args) do
      if a:lower():match("^credential%.") or a:match("://[^/@%s]+@") then
        return "git config " .. a:gsub("//[^/@]+@", "//****@"), words[j]
      end
    end
  end
  -- echo/printf … > ~/.npmrc, … | tee ~/.netrc: the text is the arguments, or those piped into tee
  local text = table.concat((n == "tee" and c.op_before == "|" and cmds[k - 1] or c).args, " ")
  for _, t in ipairs(written(c)) do
    if secrets.credential_written(t[1], text) then return "credentials written to " .. t[1], { offset = t[2] } end
  end
  return nil
end

-- Every command of every RUN without a secret mount.
local function judge(runs, report)
  for _, r in ipairs(runs) do
    if not shell.has_secret_mount(r) then
      for k, c in ipairs(r.commands) do
        local reason, w, secret = why(c, r.commands, k)
        if reason then
          report {
            path = c.path, offset = w and w.offset or c.offset, secret = secret,
            message = ("RUN sets up credentials without a secret mount (%s): they stay in the image"):format(reason),
          }
        end
      end
    end
  end
end

function check.dockerfile(doc, report) judge(shell.dockerfile_runs(doc), report) end

-- The RUN steps of an image's history, the same way.
function check.image(doc, report) judge(shell.image_runs(doc), report) end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
