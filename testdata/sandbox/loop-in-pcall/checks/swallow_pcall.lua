-- sandbox case loop-in-pcall: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "swallow-pcall", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  while true do pcall(function() while true do end end) end
end

return check
