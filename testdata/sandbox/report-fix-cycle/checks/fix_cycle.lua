-- sandbox case report-fix-cycle: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "fix-cycle", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local t = {}
  t.self = t
  report { message = "cyclic", fix = { t } }
end

return check
