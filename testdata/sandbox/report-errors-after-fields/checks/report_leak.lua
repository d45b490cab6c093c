-- sandbox case report-errors-after-fields: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "report-leak", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  for i = 1, 3000 do
    pcall(report, { message = ("m"):rep(1000), path = "spec", remediation = ("r"):rep(1000), offset = "not a number" })
  end
  report { message = "still here" }
end

return check
