-- deprecated-maintainer: MAINTAINER is deprecated since Docker 1.13.
return {
  id = "DF-021",
  name = "deprecated-maintainer",
  severity = "info",
  inputs = { "dockerfile" },
  title = "Deprecated MAINTAINER instruction",
  description = [[
MAINTAINER is deprecated: it sets a field that tools no longer read. The
OCI annotation org.opencontainers.image.authors, set with LABEL, is what
registries and scanners show.]],
  remediation = 'Replace it with LABEL org.opencontainers.image.authors="name <email>".',

  run = function(doc, report)
    for i, st in ipairs(doc.stages) do
      for ins, path in docker.each(doc, i, "MAINTAINER") do
        local who = (ins.args or ""):gsub('"', '\\"')
        report {
          path = path,
          container = st.name,
          message = "MAINTAINER is deprecated",
          remediation = ('Replace line %d with\n  LABEL org.opencontainers.image.authors="%s"'):format(ins.line or 0, who),
        }
      end
    end
  end,
}
