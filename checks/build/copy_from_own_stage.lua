-- copy-from-own-stage: COPY --from naming the stage it is in (by name or
-- index): the build fails with a circular dependency.
return {
  id = "DF-025",
  name = "copy-from-own-stage",
  severity = "high",
  inputs = { "dockerfile" },
  title = "COPY --from its own stage",
  description = [[
COPY --from=<stage> must name an earlier stage. Naming the stage the COPY is
in is a circular reference: the build fails, or (older builders) copies from
an image of that name pulled from a registry instead.]],
  remediation = "Point --from at the earlier stage that produces the files.",

  run = function(doc, report)
    for i, st in ipairs(doc.stages) do
      for ins, path in docker.each(doc, i, "COPY") do
        local from = ins.flags and ins.flags.from
        if type(from) == "string" then
          local own = (st.name and from:lower() == st.name) or from == tostring(i - 1)
          if own then
            report {
              path = path .. ".flags.from",
              container = st.name,
              message = ("COPY --from=%s names its own stage"):format(from),
            }
          end
        end
      end
    end
  end,
}
