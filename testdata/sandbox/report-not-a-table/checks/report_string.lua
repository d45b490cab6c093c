-- sandbox case report-not-a-table: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "report-string", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report("just a string")
end

return check
