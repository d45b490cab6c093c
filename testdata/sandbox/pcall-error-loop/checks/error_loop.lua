-- sandbox case pcall-error-loop: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "error-loop", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  while true do pcall(error, "again") end
end

return check
