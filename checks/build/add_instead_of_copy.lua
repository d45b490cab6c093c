-- add-instead-of-copy: ADD used to copy local files. ADD also fetches URLs and
-- unpacks archives, so it does more than the reader expects; COPY is explicit.
-- Dockerfile: ADD whose sources are local non-archives. Image history: ADD
-- layers except the base layer (`ADD file:… in /` that starts the image).
local function stage_name(doc, i)
  local st = doc.stages[i]
  return st and st.name
end

local function check_dockerfile(doc, report)
  for i in ipairs(doc.stages) do
    for ins, path in docker.each(doc, i, "ADD") do
      local sources, dest = docker.copy_parts(ins)
      local locals = {}
      for _, s in ipairs(sources) do
        if not s.heredoc and not docker.is_url(s.text) and not docker.is_archive(s.text)
           and not s.text:find("%$") and s.text ~= "" then
          locals[#locals + 1] = s
        end
      end
      -- all sources must be plain local files for COPY to be a drop-in
      if dest and #locals == #sources and #locals > 0 then
        local names = {}
        for _, s in ipairs(locals) do names[#names + 1] = s.text end
        local flags = {}
        for k, v in pairs(ins.flags or {}) do
          if k ~= "checksum" and k ~= "keep-git-dir" and k ~= "unpack" and type(v) == "string" then
            flags[#flags + 1] = ("--%s=%s "):format(k, v)
          end
        end
        table.sort(flags)
        report {
          path = path,
          container = stage_name(doc, i),
          message = ("ADD copies local files (%s): use COPY"):format(table.concat(names, ", ")),
          remediation = ("Replace the instruction with\n  COPY %s%s %s"):format(table.concat(flags),
            table.concat(names, " "), dest.text),
        }
      end
    end
  end
end

local function check_image(doc, report)
  local first_layer = true
  for j, h in ipairs(type(doc.history) == "table" and doc.history or {}) do
    local cb = type(h) == "table" and h.created_by
    if type(cb) == "string" then
      local body = cb:gsub("^/bin/sh %-c #%(nop%)%s*", ""):gsub("%s+$", "")
      local is_base = first_layer and body:match("^ADD file:%S+ in / *$")
      local src = body:match("^ADD%s+(.-)%s*$")
      if src and not is_base then
        src = src:gsub("%s*# buildkit$", "")
        local classic = src:match("^(%a+):%S+ in ")
        local words = docker.words(src)
        local ok = #words >= 2
        if ok and not classic then
          for k = 1, #words - 1 do
            local t = words[k].text
            if t:sub(1, 2) == "--" or docker.is_url(t) or docker.is_archive(t) then ok = false end
          end
        elseif classic and classic ~= "file" and classic ~= "dir" and classic ~= "multi" then
          ok = false
        end
        if ok then
          report {
            path = ("history[%d].created_by"):format(j - 1),
            message = ("image layer %d was added with ADD of local files: %s"):format(j - 1, (body:gsub("%s*# buildkit$", "")):sub(1, 80)),
            remediation = "Rebuild the image with COPY instead of ADD for local files.",
          }
        end
      end
      if h.empty_layer ~= true then first_layer = false end
    end
  end
end

return {
  id = "DF-003",
  name = "add-instead-of-copy",
  severity = "low",
  inputs = { "dockerfile", "image" },
  title = "ADD used for local files",
  description = [[
ADD fetches URLs and silently unpacks local tar archives as well as copying
files, so an innocent-looking ADD can change behaviour when the source changes
(a file renamed to .tar.gz is unpacked). COPY only copies, which is what the
reader expects. Keep ADD for remote sources (with --checksum) and archives.]],
  remediation = "Use COPY for local files and directories.",
  frameworks = { cis_docker = "4.9" },

  run = function(doc, report)
    if doc.stages then return check_dockerfile(doc, report) end
    return check_image(doc, report)
  end,
}
