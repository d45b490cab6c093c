-- crashes: a check for the test-checks tests.
local check = {
  id = "T-103", name = "crashes", severity = "low", inputs = { "kubernetes" },
  title = "test", description = "A check the test-checks tests run.", remediation = "none",
}
function check.kubernetes(doc, report)
  local spec = doc.spec
  return spec.replicas + 1
end
return check
