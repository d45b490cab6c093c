-- duplicate-stage-name: two FROM … AS <name> with one name (names are
-- case-insensitive). COPY --from and --target then mean a different stage
-- than the author thinks, or the build fails.
local check = {
  id = "DF-024", name = "duplicate-stage-name", severity = "medium", class = "hardening",
  inputs = { "dockerfile" },
  title = "Two stages with the same name",
  description = [[
Stage names must be unique: BuildKit rejects a duplicate, and older builders
resolve COPY --from=<name> to one of them, so the image silently contains
files from the wrong stage.]],
  remediation = "Give every stage its own AS name.",
}

function check.dockerfile(doc, report)
  local first = {} -- stage name → the FROM that used it first
  for from, path, st in docker.instructions(doc, "FROM") do
    if st.name and first[st.name] then
      local a = (from.args or ""):lower():find("%f[%w_%-%.]" .. st.name:gsub("%p", "%%%0") .. "%s*$")
      report {
        path = path .. ".args",
        offset = a and a - 1 or nil,
        container = st.name,
        message = ("stage name %q is already used by the stage on line %d"):format(st.name, first[st.name].line or 0),
        remediation = ("Rename this stage (FROM … AS %s-2) and update the COPY --from that mean it."):format(st.name),
      }
    elseif st.name then
      first[st.name] = from
    end
  end
end

return check
