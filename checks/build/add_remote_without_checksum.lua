-- add-remote-without-checksum: ADD of an http(s) URL without --checksum, so
-- whatever the server (or a man in the middle) returns goes into the image.
return {
  id = "DF-004",
  name = "add-remote-without-checksum",
  severity = "medium",
  inputs = { "dockerfile" },
  title = "Remote ADD without a checksum",
  description = [[
ADD <url> downloads at build time and trusts whatever it receives: a
compromised server, a moved tag or a man in the middle changes the image
without any change to the Dockerfile. BuildKit verifies the download when
ADD carries --checksum=sha256:<hash>.]],
  remediation = "Pin the download: ADD --checksum=sha256:<hash> <url> <dest> (or RUN curl … && sha256sum -c).",
  frameworks = { cis_docker = "4.11" },

  run = function(doc, report)
    for i, st in ipairs(doc.stages) do
      for ins, path in docker.each(doc, i, "ADD") do
        if not (ins.flags and ins.flags.checksum) then
          local sources, dest = docker.copy_parts(ins)
          for _, s in ipairs(sources) do
            local t = s.text:lower()
            if dest and (t:match("^https?://")) and not t:match("%.git$") and not t:match("%.git#") then
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
    end
  end,
}
