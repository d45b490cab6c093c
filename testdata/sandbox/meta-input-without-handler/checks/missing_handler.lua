local check = {
  id = "T-100", name = "missing-handler", severity = "low", inputs = { "kubernetes", "dockerfile" },
  title = "t", description = "d", remediation = "r",
}
function check.kubernetes(doc, report) end
return check
