-- add-instead-of-copy: ADD used to copy local files. ADD also fetches URLs and
-- unpacks archives, so it does more than the reader expects; COPY is explicit.
-- Dockerfile: ADD whose sources are local non-archives. Image history: ADD
-- layers except the base layer (`ADD file:… in /` that starts the image).
local check = {
  id = "DF-003", name = "add-instead-of-copy", severity = "low", class = "hardening",
  inputs = { "dockerfile", "image", "archive" },
  title = "ADD used for local files",
  description = [[
ADD fetches URLs and silently unpacks local tar archives as well as copying
files, so an innocent-looking ADD can change behaviour when the source changes
(a file renamed to .tar.gz is unpacked). COPY only copies, which is what the
reader expects. Keep ADD for remote sources (with --checksum) and archives.]],
  remediation = "Use COPY for local files and directories.",
}

-- A source COPY copies the same way: local, not an archive, no variable.
local function plain_local(s)
  return not s.heredoc and not docker.is_url(s.text) and not docker.is_archive(s.text)
    and not s.text:find("%$") and s.text ~= ""
end

-- The flags COPY keeps ("--chown=app --chmod=644 "), in a stable order.
local function copy_flags(ins)
  local flags = {}
  for k, v in pairs(ins.flags or {}) do
    if k ~= "checksum" and k ~= "keep-git-dir" and k ~= "unpack" and type(v) == "string" then
      flags[#flags + 1] = ("--%s=%s "):format(k, v)
    end
  end
  table.sort(flags)
  return table.concat(flags)
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, "ADD") do
    local sources, dest = docker.copy_parts(ins)
    local names = {}
    for _, s in ipairs(sources) do
      if plain_local(s) then names[#names + 1] = s.text end
    end
    -- all sources must be plain local files for COPY to be a drop-in
    if dest and #names == #sources and #names > 0 then
      report {
        path = path,
        container = st.name,
        message = ("ADD copies local files (%s): use COPY"):format(table.concat(names, ", ")),
        remediation = ("Replace the instruction with\n  COPY %s%s %s"):format(copy_flags(ins),
          table.concat(names, " "), dest.text),
      }
    end
  end
end

-- Does the source list of a history `ADD …` step copy local files only?
-- Classic builders write `ADD file:<hash> in <dest>` (also dir:, multi:).
local function local_add(src)
  local words = docker.words(src)
  if #words < 2 then return false end
  local classic = src:match("^(%a+):%S+ in ")
  if classic then return classic == "file" or classic == "dir" or classic == "multi" end
  for k = 1, #words - 1 do
    local t = words[k].text
    if t:sub(1, 2) == "--" or docker.is_url(t) or docker.is_archive(t) then return false end
  end
  return true
end

function check.image(doc, report)
  local first_layer = true
  for h, cb, path, j in image.history(doc) do
    local body = cb:gsub("^/bin/sh %-c #%(nop%)%s*", ""):gsub("%s+$", "")
    local is_base = first_layer and body:match("^ADD file:%S+ in / *$")
    local src = body:match("^ADD%s+(.-)%s*$")
    if src and not is_base and local_add((src:gsub("%s*# buildkit$", ""))) then
      report {
        path = path,
        message = ("image layer %d was added with ADD of local files: %s"):format(j - 1, (body:gsub("%s*# buildkit$", "")):sub(1, 80)),
        remediation = "Rebuild the image with COPY instead of ADD for local files.",
      }
    end
    if h.empty_layer ~= true then first_layer = false end
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
