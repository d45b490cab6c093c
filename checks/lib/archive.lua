-- archive.lua — helpers for the `archive` input: an image read from a docker
-- save archive or an OCI layout (docs/writing-checks.md, "Image archives").
-- The document has the image config's members (config, history, …) and
--   image    { name, names, manifest_digest, config_digest, platform, archive }
--   release  { id, version_id, version_codename, name, pretty_name, id_like, file } (os-release; absent when none)
--   layers   [ { digest, diff_id, media_type, size, uncompressed_size, created_by, created } ]
--   files    [ { path, name, type, mode, uid, gid, size, layer, link, content } ] the final filesystem
--   removed  [ same + removed_in, replaced ] files a later layer deleted or replaced (still in the image)
--   packages [ { type, namespace, name, version, arch, epoch, source, source_version, license, purl, path, layer } ]
-- `layer` fields are 1-based indexes into layers; `content` is there for the
-- files plimsoll keeps (account and sudo files, os-release, small text files
-- outside the distribution's trees).
--
--   archive.file(doc, path)        → f, i: the final file at path (symbolic links followed), its index
--   archive.content(doc, path)     → the kept contents of that file, or nil
--   archive.path(list, i)          → "files[i-1]" / "removed[i-1]": where to report
--   archive.origin(doc, layer)     → "layer 2 (sha256:0123456789ab…: RUN …)"
--   archive.mode_string(f)         → "-rwsr-xr-x"
--   archive.accounts(doc, file)    → rows of /etc/passwd, /etc/group or /etc/shadow: { fields…, line }
--   archive.runtime_user(doc)      → name, uid, gid of config.User (nil name: root or unknown)
--   archive.sudo_rules(doc)        → { { file, line, text, who, nopasswd, path } } of sudoers and doas.conf
--   archive.system_path(p)         → is p in the distribution's own trees (/usr, /lib, /bin, …)?
--   archive.shown(p)               → p for a message: control characters as \xNN
--   archive.quoted(p)              → p for a shell command: in single quotes unless plain
-- Nothing here keeps state between calls.
local M = {}

local function index_of(doc)
  local idx = {}
  for i, f in ipairs(doc.files) do idx[f.path] = i end
  return idx
end

-- The directory part of an absolute path ("/etc/os-release" → "/etc").
local function dir_of(p) return p:match("^(.*)/[^/]*$") or "" end

-- "/a/./b/../c" → "/a/c" (never above /).
local function clean(p)
  local out = {}
  for c in p:gmatch("[^/]+") do
    if c == ".." then out[#out] = nil elseif c ~= "." then out[#out + 1] = c end
  end
  return "/" .. table.concat(out, "/")
end

function M.file(doc, path)
  local idx = plimsoll.once(doc, index_of)
  local p = clean(path)
  for _ = 1, 40 do
    -- follow a link in any component: the first one found from the root
    local prefix, rest = "", p
    local moved = false
    for comp in p:gmatch("[^/]+") do
      prefix = prefix .. "/" .. comp
      local i = idx[prefix]
      local f = i and doc.files[i]
      if f and f.type == "symlink" and f.link then
        rest = p:sub(#prefix + 1)
        local target = f.link:sub(1, 1) == "/" and f.link or (dir_of(prefix) .. "/" .. f.link)
        p = clean(target .. rest)
        moved = true
        break
      end
    end
    if not moved then
      local i = idx[p]
      if i then return doc.files[i], i end
      return nil
    end
  end
  return nil
end

function M.content(doc, path)
  local f = M.file(doc, path)
  return f and f.content
end

function M.shown(p)
  return (p:gsub("[%c\127]", function(c) return ("\\x%02x"):format(c:byte()) end))
end

function M.quoted(p)
  if p:match("^[%w/%._%+%-]+$") then return p end
  return "'" .. M.shown(p):gsub("'", "'\\''") .. "'"
end

function M.path(list, i) return ("%s[%d]"):format(list, i - 1) end

function M.origin(doc, layer)
  local l = doc.layers[layer]
  if not l then return ("layer %d"):format(layer or 0) end
  local d = (l.digest or "?"):sub(1, 19)
  local step = l.created_by and l.created_by:gsub("^/bin/sh %-c #%(nop%)%s*", ""):gsub("^/bin/sh %-c ", "RUN ")
  if step and #step > 80 then step = step:sub(1, 77) .. "..." end
  return ("layer %d (%s…%s)"):format(layer, d, step and (": " .. step) or "")
end

function M.mode_string(f)
  local t = ({ file = "-", dir = "d", symlink = "l", hardlink = "-", char = "c", block = "b", fifo = "p" })[f.type] or "?"
  local m, s = f.mode or 0, { t }
  local rwx = { "r", "w", "x" }
  for i = 8, 0, -1 do s[#s + 1] = (m >> i) & 1 == 1 and rwx[(8 - i) % 3 + 1] or "-" end
  local function special(bit, at, on, off)
    if m & bit ~= 0 then s[at] = s[at] == "x" and on or off end
  end
  special(0x800, 4, "s", "S")
  special(0x400, 7, "s", "S")
  special(0x200, 10, "t", "T")
  return table.concat(s)
end

-- Rows of a colon-separated account file: passwd { name, password, uid,
-- gid, gecos, home, shell }, group { name, password, gid, members }, shadow
-- { name, password }, each with its 1-based line.
local FIELDS = {
  passwd = { "name", "password", "uid", "gid", "gecos", "home", "shell" },
  group = { "name", "password", "gid", "members" },
  shadow = { "name", "password" },
}
function M.accounts(doc, which)
  local text = M.content(doc, "/etc/" .. which)
  local rows = {}
  if not text then return rows end
  local n = 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    if line ~= "" and not line:match("^%s*#") and not line:match("^[+-]") then
      local parts, k = {}, 0
      for part in (line .. ":"):gmatch("([^:]*):") do
        k = k + 1
        parts[k] = part
      end
      local row = { line = n }
      for j, key in ipairs(FIELDS[which]) do row[key] = parts[j] end
      row.uid = tonumber(row.uid)
      row.gid = tonumber(row.gid)
      rows[#rows + 1] = row
    end
  end
  return rows
end

-- The user the image runs as (config.User): its name, uid and gid as far as
-- /etc/passwd knows them; nil when it runs as root or names nobody known.
function M.runtime_user(doc)
  local u = type(doc.config) == "table" and doc.config.User
  if type(u) ~= "string" or u == "" then return nil end
  local user = u:match("^([^:]*)")
  for _, row in ipairs(M.accounts(doc, "passwd")) do
    if row.name == user or tostring(row.uid) == user then
      if row.uid == 0 then return nil end
      return row.name, row.uid, row.gid
    end
  end
  if user == "root" or user == "0" then return nil end
  return user, tonumber(user), nil
end

local SYSTEM = { "/usr/", "/lib/", "/lib32/", "/lib64/", "/libx32/", "/bin/", "/sbin/", "/boot/", "/proc/", "/sys/",
                 "/etc/ssl/certs/", "/etc/pki/", "/var/lib/dpkg/", "/var/lib/apt/" }
function M.system_path(p)
  if p:sub(1, 11) == "/usr/local/" then return false end
  for _, s in ipairs(SYSTEM) do
    if p:sub(1, #s) == s then return true end
  end
  return false
end

-- Logical lines (backslash continuations joined) with their first line.
local function logical_lines(text)
  local out, buf, first, n = {}, nil, nil, 0
  for line in (text .. "\n"):gmatch("([^\n]*)\n") do
    n = n + 1
    local cont = line:match("\\%s*$")
    local body = cont and line:gsub("\\%s*$", "") or line
    if buf then buf = buf .. " " .. body else buf, first = body, n end
    if not cont then
      out[#out + 1] = { text = buf, line = first }
      buf = nil
    end
  end
  return out
end

-- Sudo rules and doas permits of the image: { file, line, text, who,
-- nopasswd, path } where who is the user part ("app", "%wheel", "ALL", an
-- alias); a `Defaults !authenticate` line gives who = "ALL" and nopasswd.
function M.sudo_rules(doc)
  local rules = {}
  local function scan(f, i)
    if not f or not f.content then return end
    for _, l in ipairs(logical_lines(f.content)) do
      local t = l.text:gsub("^%s+", "")
      if not (t:match("^#") and not t:match("^#include")) and t ~= "" then
        local who = t:match("^(%S+)")
        local rule = { file = f.path, line = l.line, text = t, who = who, path = M.path("files", i) }
        if who == "Defaults" or who:match("^Defaults[:@>!]") then
          if t:match("!%s*authenticate") then
            rule.who = who:match("^Defaults:(.+)$") or "ALL"
            rule.nopasswd = true
            rules[#rules + 1] = rule
          end
        elseif f.path:match("doas%.conf$") then
          local nopass, ident = t:match("^permit%s+(.-)%s*(%S+)%s*$")
          local target = t:match("^permit%s+.-%s(%S+)%s+as%s") or ident
          if nopass then
            rule.who = target
            rule.nopasswd = t:match("%f[%w]nopass%f[%W]") ~= nil
            rules[#rules + 1] = rule
          end
        elseif not who:match("_Alias$") then
          rule.nopasswd = t:match("NOPASSWD%s*:") ~= nil
          rules[#rules + 1] = rule
        end
      end
    end
  end
  local f, i = M.file(doc, "/etc/sudoers")
  scan(f, i)
  -- /etc/sudoers.d: sudo skips names with a dot or ending in ~
  for j, g in ipairs(doc.files) do
    if g.path:match("^/etc/sudoers%.d/[^/]+$") and not g.name:find("[%.~]") and g.type == "file" then scan(g, j) end
  end
  local d, k = M.file(doc, "/etc/doas.conf")
  scan(d, k)
  return rules
end

return M
