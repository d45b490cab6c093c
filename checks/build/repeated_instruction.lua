-- repeated-instruction: more than one CMD, ENTRYPOINT or HEALTHCHECK in a
-- stage. Only the last one takes effect; the earlier ones are dead code that
-- misleads the reader. Each earlier one is reported.
local check = {
  id = "DF-022", name = "repeated-instruction", severity = "low", class = "hardening",
  inputs = { "dockerfile" },
  title = "CMD, ENTRYPOINT or HEALTHCHECK repeated in a stage",
  description = [[
A stage keeps only its last CMD, ENTRYPOINT and HEALTHCHECK. An earlier one
has no effect, yet a reader (or a reviewer of a change) believes it does.]],
  remediation = "Keep one CMD, one ENTRYPOINT and one HEALTHCHECK per stage; delete the earlier ones.",
}

local WATCHED = { CMD = true, ENTRYPOINT = true, HEALTHCHECK = true }

function check.dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    local last = {}
    for ins in docker.each(doc, i) do
      if WATCHED[ins.cmd] then last[ins.cmd] = ins end
    end
    for ins, path in docker.each(doc, i) do
      local final = WATCHED[ins.cmd] and last[ins.cmd]
      if final and final ~= ins then
        report {
          path = path,
          container = st.name,
          message = ("%s on line %d has no effect: the %s on line %d replaces it"):format(
            ins.cmd, ins.line or 0, ins.cmd, final.line or 0),
          remediation = ("Delete the %s on line %d."):format(ins.cmd, ins.line or 0),
        }
      end
    end
  end
end

return check
