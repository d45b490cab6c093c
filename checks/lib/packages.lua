-- packages.lua — what a package-manager command does, from a command parsed by
-- shell.lua: manager, action (install / refresh / upgrade / remove / clean …),
-- options in any position (combined short flags split), the packages named
-- with their version pins, and which caches a command cleans. Plain tables
-- in, plain tables out: no state, no other library needed.
--
-- packages.parse(c) → nil, or {
--   manager = "apt-get" | "apt" | "apk" | "yum" | "dnf" | "microdnf" | "tdnf" | "zypper" | "pip" | "npm" | "gem",
--   family  = "apt" | "apk" | "rpm" | "zypper" | "pip" | "npm" | "gem",
--   action  = "install" | "refresh" | "upgrade" | "remove" | "clean" | other verb as written,
--   verb,                          -- the verb as written (`add`, `in`, `i`…)
--   opts    = { ["-y"] = word, ["--no-cache"] = word, … },   -- every option, short ones split
--   optlist = { { name, value, word } … },   -- in order, with their values
--   yes, no_recommends, no_cache,  -- booleans (apt/apk/rpm semantics)
--   simulate,                      -- apt-get -s / --simulate / --dry-run: installs nothing
--   local_only,                    -- install operands are all local package files
--   packages = { { name, version, spec, word, pinned } … },   -- install targets
--   cmd = c }
--
-- packages.cleans(c) → set of families whose cache command c removes
-- packages.mount_covers(mounts) → set of families a cache mount keeps out of the layer
-- packages.advice[family] → { cleanup = "…", one_run = "RUN …" }
local M = {}

-- Per family: the command that removes the package cache (or index) an
-- install leaves in the layer (`%s`: the manager as written, for rpm's yum or
-- dnf), and a RUN that refreshes, installs and leaves nothing behind.
M.advice = {
  apt = { cleanup = "rm -rf /var/lib/apt/lists/*",
          one_run = "RUN apt-get update \\\n    && apt-get install -y --no-install-recommends <packages> \\\n    && rm -rf /var/lib/apt/lists/*" },
  apk = { cleanup = "rm -rf /var/cache/apk/*", one_run = "RUN apk add --no-cache <packages>" },
  rpm = { cleanup = "%s clean all", one_run = "RUN dnf install -y <packages> && dnf clean all" },
  zypper = { cleanup = "zypper clean --all",
             one_run = "RUN zypper --non-interactive refresh && zypper --non-interactive install <packages> && zypper clean --all" },
}

-- Per manager: options that take a value (short letters and long names), and
-- verbs → actions.
local APT = {
  val = { o = true, t = true, c = true, a = true, ["--option"] = true, ["--target-release"] = true,
    ["--default-release"] = true, ["--config-file"] = true, ["--host-architecture"] = true },
  verbs = { install = "install", ["update"] = "refresh", upgrade = "upgrade", ["dist-upgrade"] = "upgrade",
    ["full-upgrade"] = "upgrade", remove = "remove", purge = "remove", autoremove = "remove",
    clean = "clean", autoclean = "clean", distclean = "distclean", ["dist-clean"] = "distclean",
    ["build-dep"] = "install", source = "source", reinstall = "install" },
}
local APK = {
  val = { t = true, X = true, p = true, ["--virtual"] = true, ["--repository"] = true, ["--root"] = true,
    ["--arch"] = true, ["--keys-dir"] = true, ["--cache-dir"] = true, ["--repositories-file"] = true },
  verbs = { add = "install", update = "refresh", upgrade = "upgrade", del = "remove", cache = "cache",
    fix = "upgrade" },
}
local RPM = {
  val = { c = true, x = true, d = true, e = true, ["--setopt"] = true, ["--enablerepo"] = true,
    ["--disablerepo"] = true, ["--installroot"] = true, ["--releasever"] = true, ["--exclude"] = true,
    ["--repo"] = true, ["--repofrompath"] = true, ["--config"] = true, ["--nodocs"] = false },
  verbs = { install = "install", groupinstall = "install", localinstall = "install", reinstall = "install",
    ["update"] = "upgrade", upgrade = "upgrade", makecache = "refresh", remove = "remove", erase = "remove",
    clean = "clean", ["distro-sync"] = "upgrade", module = "module", group = "group" },
}
local ZYPPER = {
  val = { R = true, D = true, C = true, t = true, r = true, ["--root"] = true, ["--reposd-dir"] = true,
    ["--cache-dir"] = true, ["--type"] = true, ["--repo"] = true, ["--from"] = true },
  verbs = { install = "install", ["in"] = "install", update = "upgrade", up = "upgrade", dup = "upgrade",
    ["dist-upgrade"] = "upgrade", patch = "upgrade", refresh = "refresh", ref = "refresh",
    remove = "remove", rm = "remove", clean = "clean", cc = "clean" },
}
local PIP = {
  val = { r = true, c = true, i = true, t = true, f = true, e = true, ["--requirement"] = true,
    ["--constraint"] = true, ["--index-url"] = true, ["--extra-index-url"] = true, ["--trusted-host"] = true,
    ["--target"] = true, ["--prefix"] = true, ["--root"] = true, ["--find-links"] = true,
    ["--cache-dir"] = true, ["--src"] = true, ["--platform"] = true, ["--python-version"] = true,
    ["--implementation"] = true, ["--abi"] = true, ["--progress-bar"] = true, ["--log"] = true,
    ["--proxy"] = true, ["--timeout"] = true, ["--retries"] = true, ["--cert"] = true,
    ["--client-cert"] = true, ["--editable"] = true, ["--config-settings"] = true,
    ["--global-option"] = true, ["--install-option"] = true, ["--upgrade-strategy"] = true,
    ["--only-binary"] = true, ["--no-binary"] = true, ["--python"] = true, ["--exists-action"] = true },
  verbs = { install = "install", uninstall = "remove", download = "download", config = "config", cache = "cache" },
}
local NPM = {
  val = { w = true, C = true, ["--prefix"] = true, ["--registry"] = true, ["--cache"] = true,
    ["--userconfig"] = true, ["--workspace"] = true, ["--omit"] = true, ["--loglevel"] = true,
    ["--tag"] = true, ["--include"] = true },
  verbs = { install = "install", i = "install", add = "install", isntall = "install", ci = "ci",
    update = "upgrade", up = "upgrade", uninstall = "remove", rm = "remove", config = "config", set = "config",
    cache = "cache" },
}
local GEM = {
  val = { v = true, i = true, n = true, s = true, P = true, ["--version"] = true, ["--install-dir"] = true,
    ["--bindir"] = true, ["--source"] = true, ["--trust-policy"] = true, ["--platform"] = true },
  verbs = { install = "install", i = "install", update = "upgrade", uninstall = "remove", sources = "sources" },
}

local MANAGERS = {
  ["apt-get"] = { "apt", APT }, apt = { "apt", APT },
  apk = { "apk", APK },
  yum = { "rpm", RPM }, dnf = { "rpm", RPM }, microdnf = { "rpm", RPM }, tdnf = { "rpm", RPM }, dnf5 = { "rpm", RPM },
  zypper = { "zypper", ZYPPER },
  npm = { "npm", NPM },
  gem = { "gem", GEM },
}

local function manager_of(c)
  local name = c.name
  if not name then return nil end
  if MANAGERS[name] then return name, MANAGERS[name][1], MANAGERS[name][2], 1 end
  if name:match("^pip[%d.]*$") then return "pip", "pip", PIP, 1 end
  if name:match("^python[%d.]*$") and c.args[1] == "-m" and c.args[2] and c.args[2]:match("^pip[%d.]*$") then
    return "pip", "pip", PIP, 3
  end
  return nil
end

-- Is a package spec pinned to a version?
local function pinned(family, spec, r)
  if spec:find("$", 1, true) and not spec:match("^[%w%.%-_+:]+[=@<>~]") then return nil end -- unknown: a variable
  if spec:match("^[%./~]") or spec:match("://") then return true end    -- a path or URL
  if family == "apt" then
    return spec:find("=", 1, true) ~= nil or spec:match("%.deb$") ~= nil
  elseif family == "apk" then
    return spec:match("[=~<>]") ~= nil or spec:match("%.apk$") ~= nil
  elseif family == "pip" then
    local s = spec:gsub("%b[]", "")
    if s:match("%.whl$") or s:match("%.tar%.gz$") or s:match("%.zip$") or s:find("@", 1, true) then return true end
    if s:find("==", 1, true) or s:find("~=", 1, true) or s:find("<", 1, true) then return true end
    return false
  elseif family == "npm" then
    if spec:match("%.tgz$") or spec:match("^git") or spec:match("^github:") then return true end
    local ver = spec:match("^@[^@]+@(.+)$") or spec:match("^[^@]+@(.+)$")
    if not ver or ver == "" then return false end
    return not (ver == "latest" or ver == "next" or ver == "*" or ver == "x")
  elseif family == "gem" then
    return r.opts["-v"] ~= nil or r.opts["--version"] ~= nil or spec:find(":", 1, true) ~= nil
  elseif family == "rpm" then
    return spec:match("%-%d[%w.]*") ~= nil or spec:match("%.rpm$") ~= nil
  elseif family == "zypper" then
    return spec:match("[=<>]") ~= nil or spec:match("%.rpm$") ~= nil
  end
  return nil
end

local function parse(c)
  local manager, family, spec, first = manager_of(c)
  if not manager then return nil end
  local r = { manager = manager, family = family, opts = {}, optlist = {}, packages = {}, cmd = c }
  local args, words = c.args, c.arg_words
  local operands = {}
  local k = first
  while args[k] do
    local a, w = args[k], words[k]
    if a == "--" then
      for j = k + 1, #args do operands[#operands + 1] = { a = args[j], w = words[j] } end
      break
    elseif a:sub(1, 2) == "--" and #a > 2 then
      local name, value = a:match("^(%-%-[^=]+)=(.*)$")
      name = name or a
      if not value and spec.val[name] and args[k + 1] then k = k + 1; value = args[k] end
      r.opts[name] = w
      r.optlist[#r.optlist + 1] = { name = name, value = value, word = w }
    elseif a:sub(1, 1) == "-" and #a > 1 and not (family == "npm" and false) then
      -- combined short flags: -qy, -fsSL; a letter taking a value ends the group
      local j = 2
      while j <= #a do
        local letter = a:sub(j, j)
        local name = "-" .. letter
        local value
        if spec.val[letter] then
          value = a:sub(j + 1)
          if value:sub(1, 1) == "=" then value = value:sub(2) end
          if value == "" then value = args[k + 1]; if value then k = k + 1 end end
          j = #a
        elseif a:sub(j + 1, j + 1) == "=" then
          value = a:sub(j + 2); j = #a
        end
        r.opts[name] = w
        r.optlist[#r.optlist + 1] = { name = name, value = value, word = w }
        j = j + 1
      end
    else
      operands[#operands + 1] = { a = a, w = w }
    end
    k = k + 1
  end
  -- the verb: zypper and others take global options before it, handled above
  local verb = operands[1]
  if verb then
    r.verb = verb.a
    r.verb_word = verb.w
    r.action = spec.verbs[verb.a] or verb.a
  end
  -- -qq implies -y for apt-get; count -q flags
  local q = 0
  for _, o in ipairs(r.optlist) do
    local n, v = o.name, o.value
    if n == "-y" or n == "--yes" or n == "--assume-yes" or n == "--assumeyes" or n == "--force-yes"
      or n == "--non-interactive" or n == "-n" and family == "zypper" then r.yes = true end
    if n == "-q" then q = q + (tonumber(v or "") or 1) end
    if n == "--quiet" then q = q + (tonumber(v or "") or 1) end
    if n == "-s" and family == "apt" or n == "--simulate" or n == "--dry-run" or n == "--just-print"
      or n == "--no-act" or n == "--recon" or n == "--print-uris" then r.simulate = true end
    if n == "--no-install-recommends" or n == "--no-recommends" then r.no_recommends = true end
    if n == "--no-cache" or n == "--no-cache-dir" or n == "--no-network" then r.no_cache = true end
    if (n == "-o" or n == "--option") and v then
      local key, val = v:match("^([^=]+)=(.*)$")
      key = key and key:lower()
      val = val and val:lower()
      if key == "apt::install-recommends" and (val == "false" or val == "0" or val == "no") then r.no_recommends = true end
      if key == "apt::get::assume-yes" and (val == "true" or val == "1" or val == "yes") then r.yes = true end
    end
  end
  if family == "apt" and q >= 2 then r.yes = true end
  if r.action == "install" then
    for j = 2, #operands do
      local o = operands[j]
      local p = { spec = o.a, word = o.w }
      p.name = o.a:match("^(@?[^=<>~@:]+)") or o.a
      p.pinned = pinned(family, o.a, r)
      if p.pinned ~= nil then r.packages[#r.packages + 1] = p end
    end
  end
  r.operands = operands
  if r.action == "install" and #operands > 1 then
    r.local_only = true
    for j = 2, #operands do
      local a = operands[j].a
      if not (a:match("^[%./]") and a:match("%.[adr][pep][kbm]%*?$")) then r.local_only = false end
    end
  end
  return r
end

-- Parsed once per command and document, whichever checks ask (plimsoll.once:
-- the engine owns the cache); the result is read-only.
function M.parse(c) return plimsoll.once(c, parse) end

-- The caches a command removes: returns a set { apt = true, apk = true, rpm = true, zypper = true }.
local function rm_paths(c, out)
  for _, a in ipairs(c.args) do
    if a:sub(1, 1) ~= "-" then
      local p = a:gsub("/+$", ""):gsub("/%*$", "")
      if p == "/var/lib/apt/lists" or p == "/var/lib/apt" then out.apt = true end
      if p == "/var/cache" then out.apk, out.rpm, out.zypper = true, true, true end
      if p == "/var/cache/apk" then out.apk = true end
      if p == "/var/cache/yum" or p == "/var/cache/dnf" or p == "/var/cache/libdnf5" then out.rpm = true end
      if p == "/var/cache/zypp" then out.zypper = true end
      if p == "/root/.cache/pip" or p == "~/.cache/pip" or p == "/root/.cache" or p == "~/.cache"
        or p == "$HOME/.cache/pip" or p:match("^/home/[^/]+/%.cache/pip$") then out.pip = true end
    end
  end
end

function M.cleans(c)
  local out = {}
  if c.name == "rm" then rm_paths(c, out); return out end
  -- find /var/lib/apt/lists -type f -delete, find /var/cache/apk … -exec rm -f {} +
  if c.name == "find" then
    local paths, removes = {}, false
    for j, a in ipairs(c.args) do
      if a == "-delete" or (a == "-exec" or a == "-execdir") and (c.args[j + 1] or ""):match("^rm$") then removes = true end
      if #paths == j - 1 and a:sub(1, 1) ~= "-" and a ~= "(" and a ~= "!" then paths[#paths + 1] = a end
    end
    if removes then rm_paths({ args = paths }, out) end
    return out
  end
  -- pip cache purge, rm -rf ~/.cache/pip: the pip cache
  if c.name and c.name:match("^pip[%d.]*$") and c.args[1] == "cache" and (c.args[2] == "purge" or c.args[2] == "remove") then
    out.pip = true
    return out
  end
  local r = M.parse(c)
  if not r then return out end
  if r.family == "apt" and r.action == "distclean" then out.apt = true end
  if r.family == "apk" and r.action == "cache" and (r.operands[2] or {}).a == "clean" then out.apk = true end
  if r.family == "rpm" and r.action == "clean" then out.rpm = true end
  if r.family == "zypper" and r.action == "clean" then out.zypper = true end
  return out
end

-- Cache directories a RUN --mount=type=cache (or tmpfs) keeps out of the layer.
function M.mount_covers(mounts)
  local out = {}
  for _, m in ipairs(mounts or {}) do
    if (m.type == "cache" or m.type == "tmpfs") and type(m.target) == "string" then
      local p = m.target:gsub("/+$", "")
      if p == "/var/lib/apt/lists" or p == "/var/lib/apt" then out.apt = true end
      if p == "/var/cache/apk" or p == "/etc/apk/cache" then out.apk = true end
      if p == "/var/cache/yum" or p == "/var/cache/dnf" or p == "/var/cache/libdnf5" then out.rpm = true end
      if p == "/var/cache/zypp" then out.zypper = true end
      if p == "/var/cache" then out.apk, out.rpm, out.zypper = true, true, true end
      if p == "/root/.cache/pip" or p == "/root/.cache" or p:match("/%.cache/pip$") then out.pip = true end
    end
  end
  return out
end

return M
