-- "kind" for "kinds" must not silently run on every kind
local check = {
  id = "T-100", name = "typo-kinds", severity = "low", inputs = { "kubernetes" }, kind = "Pod",
  title = "t", description = "d", remediation = "r",
}
function check.kubernetes(doc, report) report { message = "ran" } end
return check
