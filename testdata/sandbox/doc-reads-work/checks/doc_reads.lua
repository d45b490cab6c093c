-- sandbox case doc-reads-work: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "doc-reads", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local keys = {}
  for k in pairs(doc) do keys[#keys + 1] = k end
  table.sort(keys)
  local first = next(doc.spec.containers)
  report { message = ("%s | %d containers | next=%s | rawget=%s | rawlen=%d | mt=%s"):format(
    table.concat(keys, ","), #doc.spec.containers, tostring(first), rawget(doc, "kind"),
    rawlen(doc.spec.containers), tostring(getmetatable(doc))) }
end

return check
