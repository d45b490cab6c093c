-- sandbox case report-message-too-long: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "report-long", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = ("x"):rep(10000) }
end

return check
