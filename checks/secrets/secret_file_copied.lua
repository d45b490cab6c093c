-- secret-file-copied: key and credential files copied into an image by
-- COPY/ADD, judged on every source path and on the destination (COPY x
-- /root/.ssh/id_rsa). Public keys, CA bundles and signing keys pass.
local check = {
  id = "SEC-005", name = "secret-file-copied", severity = "high",
  inputs = { "dockerfile" },
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

-- COPY or ADD instruction ins at path, in stage st: its sources, else its
-- destination.
local function copied(report, ins, path, st)
  local sources, dest = docker.copy_parts(ins)
  local hit = false
  for _, s in ipairs(sources) do
    local what = not s.heredoc and not docker.is_url(s.text) and secrets.credential_file(s.text)
    if what == "a private key" and public_dest(dest) then what = nil end
    if what then
      hit = true
      report {
        path = path .. ".args", offset = s.offset, container = st.name,
        message = ("%s copies %s into the image: %s"):format(ins.cmd, what, s.text),
        remediation = ("Remove %s from the %s on line %d and add it to .dockerignore; to use it during the build:\n  RUN --mount=type=secret,id=%s,target=<path> …"):format(
          s.text, ins.cmd, ins.line or 0, base(s.text):gsub("^%.", "")),
      }
    end
  end
  local what = not hit and dest and secrets.credential_file(dest.text)
  if what and what ~= "an SSH directory" then
    report {
      path = path .. ".args", offset = dest.offset, container = st.name,
      message = ("%s writes %s into the image: %s"):format(ins.cmd, what, dest.text),
      remediation = ("Remove the %s on line %d; mount the credential at build time:\n  RUN --mount=type=secret,id=%s,target=%s …"):format(
        ins.cmd, ins.line or 0, base(dest.text):gsub("^%.", ""), dest.text),
    }
  end
end

function check.dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    for ins, path in docker.each(doc, i) do
      if ins.cmd == "COPY" or ins.cmd == "ADD" then copied(report, ins, path, st) end
    end
  end
end

return check
