-- sandbox case report-unknown-field: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "report-typo", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { messag = "typo" }
end

return check
