-- add-remote-without-checksum: ADD of an http(s) URL without --checksum, so
-- whatever the server (or a man in the middle) returns goes into the image.
local check = {
  id = "DF-004", name = "add-remote-without-checksum", severity = "medium", class = "risk",
  inputs = { "dockerfile" },
  title = "Remote ADD without a checksum",
  description = [[
ADD <url> downloads at build time and trusts whatever it receives: a
compromised server, a moved tag or a man in the middle changes the image
without any change to the Dockerfile. BuildKit verifies the download when
ADD carries --checksum=sha256:<hash>.]],
  remediation = "Pin the download: ADD --checksum=sha256:<hash> <url> <dest> (or RUN curl … && sha256sum -c).",
}

-- An http(s) download (git sources are pinned by commit, not by checksum).
local function download(s)
  local t = s.text:lower()
  return t:match("^https?://") and not t:match("%.git$") and not t:match("%.git#")
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, "ADD") do
    local sources, dest = docker.copy_parts(ins)
    for _, s in ipairs(sources) do
      if dest and not (ins.flags and ins.flags.checksum) and download(s) then
        report {
          path = path .. ".args",
          offset = s.offset,
          container = st.name,
          message = ("ADD downloads %s without --checksum"):format(s.text),
          remediation = ("Pin the download:\n  ADD --checksum=sha256:<sha256 of the file> %s %s"):format(s.text, dest.text),
        }
      end
    end
  end
end

return check
