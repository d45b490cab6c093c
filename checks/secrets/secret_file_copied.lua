-- secret-file-copied: key and credential files copied into an image by
-- COPY/ADD, judged on every source path and on the destination (COPY x
-- /root/.ssh/id_rsa). Public keys, CA bundles and signing keys pass.
local check = {
  id = "SEC-005", name = "secret-file-copied", severity = "high", class = "risk",
  inputs = { "dockerfile", "archive" },
  title = "Key or credential file copied into the image",
  description = [[
A private key, cloud or registry credential, .env file or keystore copied
into an image stays in that layer for good (deleting it later only hides
it): everyone who can pull the image, or any stage's build cache, has it.]],
  remediation = "Do not copy credentials: use RUN --mount=type=secret (or --mount=type=ssh) at build time, mount them at run time, and list them in .dockerignore.",
}

local function base(p) return (p:gsub("[/\\]+$", "")):match("([^/\\]+)$") or p end

-- A destination that installs a key as a public or package-signing key.
local function public_dest(dest)
  local d = dest and dest.text:lower() or ""
  return d:match("pub") or d:match("keyring") or d:match("gpg") or d:match("/etc/apt/") or d:match("/etc/apk/keys")
    or d:match("trusted")
end

-- The line of a later RUN of stage i (after instruction line `after`) that
-- removes the file named `base` (rm …/base): the layer of the COPY still has it.
local function removed_later(doc, i, after, base)
  if not base or base == "" or base == "." then return nil end
  for ins in docker.each(doc, i, "RUN") do
    if ins.line and ins.line > after and type(ins.args) == "string" then
      for c in ins.args:gmatch("[^;&|\n]+") do
        local words = c:match("^%s*(.*)$")
        if words:match("^rm%s") or words:match("^rm$") or words:match("^sudo%s+rm%s") or words:match("^shred%s") then
          for w in words:gmatch("%S+") do
            local wb = w:gsub("[\"']", ""):gsub("/+$", ""):match("([^/]+)$")
            if wb == base then return ins.line end
          end
        end
      end
    end
  end
  return nil
end

-- " (the RUN on line N deletes it, but the COPY's layer keeps it)" or "".
local function deleted_note(doc, st_index, ins, name)
  local line = removed_later(doc, st_index, ins.line or 0, base(name))
  return line and (" (the RUN on line %d deletes it, but the layer of this %s keeps it)"):format(line, ins.cmd) or ""
end

-- COPY or ADD instruction ins at path, in stage st (index si): its sources,
-- else its destination.
local function copied(report, ins, path, st, doc, si)
  local sources, dest = docker.copy_parts(ins)
  local hit = false
  for _, s in ipairs(sources) do
    local what = not s.heredoc and not docker.is_url(s.text) and secrets.credential_file(s.text)
    if what == "a private key" and public_dest(dest) then what = nil end
    if what then
      hit = true
      report {
        path = path .. ".args", offset = s.offset, container = st.name,
        message = ("%s copies %s into the image: %s%s"):format(ins.cmd, what, s.text,
          deleted_note(doc, si, ins, dest and not dest.text:match("/$") and #sources == 1 and dest.text or s.text)),
        remediation = ("Remove %s from the %s on line %d and add it to .dockerignore; to use it during the build:\n  RUN --mount=type=secret,id=%s,target=<path> …"):format(
          s.text, ins.cmd, ins.line or 0, base(s.text):gsub("^%.", "")),
      }
    end
  end
  local what = not hit and dest and secrets.credential_file(dest.text)
  if what and what ~= "an SSH directory" then
    report {
      path = path .. ".args", offset = dest.offset, container = st.name,
      message = ("%s writes %s into the image: %s%s"):format(ins.cmd, what, dest.text, deleted_note(doc, si, ins, dest.text)),
      remediation = ("Remove the %s on line %d; mount the credential at build time:\n  RUN --mount=type=secret,id=%s,target=%s …"):format(
        ins.cmd, ins.line or 0, base(dest.text):gsub("^%.", ""), dest.text),
    }
  end
end

function check.dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    for ins, path in docker.each(doc, i) do
      if ins.cmd == "COPY" or ins.cmd == "ADD" then copied(report, ins, path, st, doc, i) end
    end
  end
end

-- An image read from an archive: every key or credential file of its layers,
-- those a later layer deleted included (deleting hides a file, the layer
-- that added it still holds it). A kept file must show it holds a secret
-- (a private key block, a token); in the distribution's own trees only such
-- proof counts.
local PROOF = "-----BEGIN [%u ]*PRIVATE KEY"

local function holds_secret(f, what)
  if not f.content then return nil end
  if f.content:find(PROOF) then return true end
  if secrets.credential_written(f.path, f.content) then return true end
  if what == "an environment file" or what == "a .netrc" or what == "git credentials" then
    return f.content:find("%S") ~= nil
  end
  return secrets.find_token(f.content) ~= nil
end

-- Names worth asking secrets.credential_file about, by cheap tests: a
-- large image has hundreds of thousands of files.
local SUFFIX = { [".pem"] = true, [".key"] = true, [".p12"] = true, [".pfx"] = true, [".jks"] = true,
                 ["tore"] = true, ["json"] = true, ["ntials"] = true }
local NAMES = { kubeconfig = true, credentials = true, ["_netrc"] = true, ["config"] = true }
local function candidate(f)
  local n = f.name
  return n:sub(1, 1) == "." or n:sub(1, 3) == "id_" or SUFFIX[n:sub(-4)] or SUFFIX[n:sub(-6)] or NAMES[n]
end

local function archive_files(doc, report, list)
  for i, f in ipairs(doc[list]) do
    local what = (f.type == "file" or f.type == "hardlink") and candidate(f) and secrets.credential_file(f.path)
    if what == "an SSH directory" then what = nil end
    local proof = what and holds_secret(f, what)
    if what and (proof or (proof == nil and not archive.system_path(f.path))) then
      local where = list == "removed"
        and ("added by %s and %s by layer %d: still in the image"):format(archive.origin(doc, f.layer),
          f.replaced and "replaced" or "deleted", f.removed_in)
        or ("added by " .. archive.origin(doc, f.layer))
      report {
        path = archive.path(list, i),
        message = ("%s is %s, %s"):format(archive.shown(f.path), what, where),
        remediation = ("Do not put %s in any layer (deleting it later does not remove it): use RUN --mount=type=secret at build time, mount it at run time, and list it in .dockerignore."):format(archive.shown(f.path)),
      }
    end
  end
end

function check.archive(doc, report)
  archive_files(doc, report, "files")
  archive_files(doc, report, "removed")
end

return check
