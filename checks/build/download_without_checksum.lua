-- download-without-checksum: curl/wget of an executable or archive that the
-- build installs with no checksum or signature check anywhere in the stage.
local check = {
  id = "DF-028", name = "download-without-checksum", severity = "medium", class = "risk",
  inputs = { "dockerfile", "image" },
  title = "Download installed without a checksum",
  description = [[
A binary or archive fetched with curl or wget at build time is whatever the
server (or anyone between it and the build) returns that day: a compromised
release page, a re-tagged version or a man in the middle changes the image
without any change to the Dockerfile. Verify it against a checksum (sha256sum -c)
or a signature (gpg --verify, cosign verify-blob) before installing it.]],
  remediation = "Check the download before using it:\n  RUN curl -fsSLo /tmp/tool.tgz <url> \\\n      && echo \"<sha256>  /tmp/tool.tgz\" | sha256sum -c - \\\n      && tar -xzf /tmp/tool.tgz -C /usr/local/bin",
}

local FETCH = { curl = true, wget = true }
local VERIFY = { sha256sum = true, sha512sum = true, sha384sum = true, sha224sum = true, sha1sum = true,
                 shasum = true, md5sum = true, b2sum = true, gpgv = true, cosign = true, minisign = true,
                 signify = true, ["slsa-verifier"] = true }
local EXTRACT = { tar = true, unzip = true, bsdtar = true, gunzip = true, funzip = true, cpio = true, busybox = false }

-- Archives, packages and programs, by the end of a URL or file name.
local function executable_or_archive(name)
  local n = (name or ""):lower():gsub("[?#].*$", "")
  for _, ext in ipairs({ "%.tar%.gz$", "%.tgz$", "%.tar%.xz$", "%.txz$", "%.tar%.bz2$", "%.tbz2?$", "%.tar%.zst$",
                         "%.tar$", "%.zip$", "%.7z$", "%.deb$", "%.rpm$", "%.apk$", "%.jar$", "%.war$", "%.whl$",
                         "%.bin$", "%.run$", "%.sh$", "%.appimage$", "%.exe$", "%.msi$", "%.gz$", "%.xz$" }) do
    if n:match(ext) then return true end
  end
  return false
end

-- Directories programs are installed into.
local function bin_dir(path)
  return path:match("^/usr/local/s?bin/") or path:match("^/usr/s?bin/") or path:match("^/s?bin/")
    or path:match("^/opt/.*/bin/") or path:match("/%.local/bin/") or path:match("^~/bin/")
end

local function url_of(c)
  for j, a in ipairs(c.args) do
    if a:match("^https?://") or a:match("^ftp://") then return a, c.arg_words[j] end
  end
  return nil
end

-- The file a curl/wget command writes (nil: standard output), its URL.
local function output_of(c)
  local url = url_of(c)
  if not url then return nil, nil end
  local remote = url:gsub("[?#].*$", ""):match("([^/]+)$")
  local args = c.args
  if c.name == "curl" then
    for j, a in ipairs(args) do
      if a == "-o" or a == "--output" then return args[j + 1], url end
      if a:match("^%-%-output=") then return a:match("=(.*)$"), url end
      if a == "-O" or a == "--remote-name" or a == "--remote-name-all" then return remote, url end
      if a:match("^%-[^%-]") then
        local o = a:find("o", 2, true)
        if o then return (o < #a and a:sub(o + 1)) or args[j + 1], url end
        if a:find("O", 2, true) then return remote, url end
      end
    end
    return nil, url
  end
  for j, a in ipairs(args) do -- wget
    if a == "-O" or a == "--output-document" then
      local f = args[j + 1]
      return f ~= "-" and f or nil, url
    end
    local f = a:match("^%-%-output%-document=(.*)$") or a:match("^%-[a-zA-Z]*O(.+)$")
    if f then return f ~= "-" and f or nil, url end
    if a:match("^%-[a-zA-Z]*O$") then
      local g = args[j + 1]
      return g ~= "-" and g or nil, url
    end
  end
  return remote, url
end

-- Is the file installed as a program later in the RUN (chmod +x, install,
-- mv/cp into a bin directory, dpkg -i, tar x)?
local function installed(cmds, k, file)
  local base = file:match("([^/]+)$")
  for j = k + 1, #cmds do
    local d = cmds[j]
    local mentions = false
    for _, a in ipairs(d.args) do
      if a == file or a:match("([^/]+)$") == base then mentions = true end
    end
    if mentions then
      if d.name == "chmod" then
        for _, a in ipairs(d.args) do if a:match("x") and not a:match("/") then return true end end
      end
      if d.name == "install" or d.name == "dpkg" or d.name == "rpm" or EXTRACT[d.name] then return true end
      if (d.name == "mv" or d.name == "cp") and bin_dir(d.args[#d.args] or "") then return true end
    end
  end
  return false
end

-- Does the command verify a checksum or a signature?
local function verifies(c)
  if VERIFY[c.name] then return true end
  if (c.name == "gpg" or c.name == "gpg2") then
    for _, a in ipairs(c.args) do if a == "--verify" then return true end end
  end
  if c.name == "openssl" and c.args[1] == "dgst" then return true end
  return false
end

-- Why command k downloads something to install: the file (or "standard
-- output") and the URL, or nil.
local function download(cmds, k)
  local c = cmds[k]
  local file, url = output_of(c)
  if not url then return nil end
  if file then
    if executable_or_archive(file) or executable_or_archive(url) and installed(cmds, k, file)
      or bin_dir(file) or installed(cmds, k, file) and not file:lower():match("%.[ag][sp][cg]$") then
      return file, url
    end
    return nil
  end
  -- curl … | tar x
  local d = cmds[k + 1]
  if d and d.pipeline == c.pipeline and EXTRACT[d.name] then return "standard output, extracted by " .. d.name, url end
  return nil
end

local function judge(runs, report, scope_of)
  local verified = {}
  for _, r in ipairs(runs) do
    for _, c in ipairs(r.commands) do
      if verifies(c) then verified[scope_of(r)] = true end
    end
  end
  for _, r in ipairs(runs) do
    if not verified[scope_of(r)] then
      for k, c in ipairs(r.commands) do
        if FETCH[c.name] then
          local file, url = download(r.commands, k)
          if file then
            report {
              path = c.path, offset = c.offset,
              message = ("%s downloads %s to %s with no checksum or signature check"):format(c.name, url, file),
              remediation = ("Verify the download before installing it:\n  RUN curl -fsSLo /tmp/download %s \\\n      && echo \"<sha256>  /tmp/download\" | sha256sum -c -"):format(url),
            }
          end
        end
      end
    end
  end
end

function check.dockerfile(doc, report)
  judge(shell.dockerfile_runs(doc), report, function(r) return r.stage end)
end

function check.image(doc, report)
  judge(shell.image_runs(doc), report, function() return 0 end)
end

return check
