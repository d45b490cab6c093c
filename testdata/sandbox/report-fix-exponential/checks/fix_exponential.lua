-- sandbox case report-fix-exponential: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "fix-exponential", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local t = { 1 }
  for i = 1, 40 do t = { a = t, b = t } end
  report { message = "exponential", fix = t }
end

return check
