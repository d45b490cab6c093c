-- untested: a check for the test-checks tests.
local check = {
  id = "T-104", name = "untested", severity = "low", inputs = { "kubernetes" },
  title = "test", description = "A check the test-checks tests run.", remediation = "none",
}
function check.kubernetes(doc, report) end
return check
