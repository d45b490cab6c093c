-- copy-from-own-stage: COPY --from naming the stage it is in (by name or
-- index): the build fails with a circular dependency.
local check = {
  id = "DF-025", name = "copy-from-own-stage", severity = "high", class = "hardening",
  inputs = { "dockerfile" },
  title = "COPY --from its own stage",
  description = [[
COPY --from=<stage> must name an earlier stage. Naming the stage the COPY is
in is a circular reference: the build fails, or (older builders) copies from
an image of that name pulled from a registry instead.]],
  remediation = "Point --from at the earlier stage that produces the files.",
}

function check.dockerfile(doc, report)
  for ins, path, st, i in docker.instructions(doc, "COPY") do
    local from = ins.flags and ins.flags.from
    if type(from) == "string" and ((st.name and from:lower() == st.name) or from == tostring(i - 1)) then
      report {
        path = path .. ".flags.from",
        container = st.name,
        message = ("COPY --from=%s names its own stage"):format(from),
      }
    end
  end
end

return check
