-- deprecated-maintainer: MAINTAINER is deprecated since Docker 1.13.
local check = {
  id = "DF-021", name = "deprecated-maintainer", severity = "info", class = "hardening",
  inputs = { "dockerfile" },
  title = "Deprecated MAINTAINER instruction",
  description = [[
MAINTAINER is deprecated: it sets a field that tools no longer read. The
OCI annotation org.opencontainers.image.authors, set with LABEL, is what
registries and scanners show.]],
  remediation = 'Replace it with LABEL org.opencontainers.image.authors="name <email>".',
}

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, "MAINTAINER") do
    local who = (ins.args or ""):gsub('"', '\\"')
    report {
      path = path,
      container = st.name,
      message = "MAINTAINER is deprecated",
      remediation = ('Replace line %d with\n  LABEL org.opencontainers.image.authors="%s"'):format(ins.line or 0, who),
    }
  end
end

return check
