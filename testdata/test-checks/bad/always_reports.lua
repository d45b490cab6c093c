-- always-reports: a check for the test-checks tests.
local check = {
  id = "T-102", name = "always-reports", severity = "low", inputs = { "kubernetes" },
  title = "test", description = "A check the test-checks tests run.", remediation = "none",
}
function check.kubernetes(doc, report)
  report { path = "kind", message = "reported on " .. k8s.describe(doc) }
end
return check
