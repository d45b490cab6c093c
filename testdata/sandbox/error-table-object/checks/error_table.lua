-- sandbox case error-table-object: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "error-table", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  error({ code = 42 })
end

return check
