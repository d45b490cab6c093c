-- endless: never returns; test-checks stops it with the scan's limits.
local check = {
  id = "T-301", name = "endless", severity = "low", inputs = { "kubernetes" },
  title = "test", description = "A check that loops.", remediation = "none",
}
function check.kubernetes(doc, report)
  while true do end
end
return check
