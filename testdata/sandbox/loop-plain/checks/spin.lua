-- sandbox case loop-plain: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "spin", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  while true do end
end

return check
