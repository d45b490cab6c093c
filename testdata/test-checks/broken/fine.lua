-- fine: loads, and its fixtures pass, beside a check that does not load.
local check = {
  id = "T-202", name = "fine", severity = "low", inputs = { "kubernetes" },
  title = "test", description = "A check that loads.", remediation = "none",
}
function check.kubernetes(doc, report)
  if doc.metadata.name == "bad" then report { path = "metadata.name", message = "named bad" } end
end
return check
