-- sandbox case env-write: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "env-write", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  counter = 1
end

return check
