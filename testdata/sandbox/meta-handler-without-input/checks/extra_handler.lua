local check = {
  id = "T-100", name = "extra-handler", severity = "low", inputs = { "kubernetes" },
  title = "t", description = "d", remediation = "r",
}
function check.kubernetes(doc, report) end
function check.compose(doc, report) end
return check
