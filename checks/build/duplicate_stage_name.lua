-- duplicate-stage-name: two FROM … AS <name> with one name (names are
-- case-insensitive). COPY --from and --target then mean a different stage
-- than the author thinks, or the build fails.
return {
  id = "DF-024",
  name = "duplicate-stage-name",
  severity = "medium",
  inputs = { "dockerfile" },
  title = "Two stages with the same name",
  description = [[
Stage names must be unique: BuildKit rejects a duplicate, and older builders
resolve COPY --from=<name> to one of them, so the image silently contains
files from the wrong stage.]],
  remediation = "Give every stage its own AS name.",

  run = function(doc, report)
    local first = {}
    for i, st in ipairs(doc.stages) do
      if st.name then
        if first[st.name] then
          local from = st.instructions and st.instructions[1] or {}
          local a = (from.args or ""):lower():find("%f[%w_%-%.]" .. st.name:gsub("%p", "%%%0") .. "%s*$")
          report {
            path = docker.instr_path(i, 1) .. ".args",
            offset = a and a - 1 or nil,
            container = st.name,
            message = ("stage name %q is already used by the stage on line %d"):format(st.name, first[st.name].line or 0),
            remediation = ("Rename this stage (FROM … AS %s-2) and update the COPY --from that mean it."):format(st.name),
          }
        else
          first[st.name] = st.instructions and st.instructions[1] or {}
        end
      end
    end
  end,
}
