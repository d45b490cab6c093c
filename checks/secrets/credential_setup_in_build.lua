-- credential-setup-in-build: a RUN that logs in or writes credentials, without
-- a build secret mount: the credential stays in the layer or the history.
local LOGIN = { docker = true, podman = true, buildah = true, skopeo = true, nerdctl = true, helm = true }
local AWS_KEYS = { aws_secret_access_key = true, aws_access_key_id = true, aws_session_token = true }
-- Files that hold credentials, and what written text proves it (nil: anything).
local FILES = {
  [".npmrc"] = { "_authtoken", "_auth", "_password" },
  [".netrc"] = { "password", "login" },
  [".git-credentials"] = false,
  [".pypirc"] = { "password" },
  ["credentials"] = { "aws_secret_access_key", "aws_access_key_id" },
  ["config.json"] = { "\"auth\"" },
}

local function literal(v) return v and v ~= "" and not v:find("$", 1, true) and v or nil end

-- Returns reason, word, secret value (when literal).
local function why(c, cmds, k)
  local n, args, words = c.name, c.args, c.arg_words
  if LOGIN[n] then
    local sub = n == "helm" and args[2] == "login" and args[1] == "registry" and 3 or (args[1] == "login" and 2)
    if sub then
      for j = sub, #args do
        local a = args[j]
        if a == "-p" or a == "--password" then return n .. " login " .. a, words[j], literal(args[j + 1]) end
        local v = a:match("^%-%-password=(.*)$") or a:match("^%-p(.+)$")
        if v then return n .. " login --password", words[j], literal(v) end
      end
    end
  elseif n == "aws" and args[1] == "configure" and args[2] == "set" then
    local key = (args[3] or ""):lower():gsub("^.*%.", "")
    if AWS_KEYS[key] then return "aws configure set " .. key, words[3], literal(args[4]) end
  elseif (n == "npm" or n == "yarn" or n == "pnpm") and (args[1] == "config" and args[2] == "set" or args[1] == "set") then
    local j = args[1] == "set" and 2 or 3
    local key = args[j] or ""
    local kl = key:lower()
    if kl:find("_authtoken", 1, true) or kl:find("_auth", 1, true) or kl:find("_password", 1, true) then
      local v = key:match("=(.*)$") or args[j + 1]
      return n .. " config set " .. (key:match("^[^=]*")), words[j], literal(v)
    end
  elseif n == "git" then
    for j, a in ipairs(args) do
      local al = a:lower()
      if al:match("^credential%.") and args[1] == "config" or (args[1] == "config" and a:match("://[^/@%s]+@")) then
        return "git config " .. a:gsub("//[^/@]+@", "//****@"), words[j]
      end
    end
  end
  -- echo/printf … > ~/.npmrc, tee ~/.netrc
  local targets = {}
  for _, d in ipairs(c.redirs) do
    if (d.op == ">" or d.op == ">>") and d.target then targets[#targets + 1] = { d.target, d.target_offset } end
  end
  if n == "tee" then
    for j, a in ipairs(args) do if a:sub(1, 1) ~= "-" then targets[#targets + 1] = { a, words[j].offset } end end
  end
  for _, t in ipairs(targets) do
    local base = t[1]:match("([^/]*)$")
    local proof = FILES[base]
    if proof ~= nil and (base ~= "credentials" or t[1]:find("%.aws/")) and (base ~= "config.json" or t[1]:find("%.docker/")) then
      -- the text written: this command's arguments, or the one piped into tee
      local text = table.concat(args, " ")
      if n == "tee" and cmds[k - 1] and c.op_before == "|" then text = table.concat(cmds[k - 1].args, " ") end
      local ok = proof == false
      for _, word in ipairs(proof or {}) do if text:lower():find(word, 1, true) then ok = true end end
      if ok then return "credentials written to " .. t[1], { offset = t[2] } end
    end
  end
  return nil
end

return {
  id = "SEC-006",
  name = "credential-setup-in-build",
  severity = "high",
  inputs = { "dockerfile", "image" },
  title = "Credentials set up in a RUN",
  description = [[
A RUN that logs in to a registry, configures cloud or npm credentials or writes
.npmrc, .netrc or .git-credentials keeps them: in the layer's files, in the
image history (build args and the command line), or both. Use a build secret
(RUN --mount=type=secret), which is never stored in the image.]],
  remediation = "Pass the credential as a build secret and use it in the same RUN:\n  RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci\nand build with `docker build --secret id=npmrc,src=$HOME/.npmrc .`",
  frameworks = { cis_docker = "4.10" },

  run = function(doc, report)
    for _, r in ipairs(shell.runs(doc)) do
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
  end,
}
