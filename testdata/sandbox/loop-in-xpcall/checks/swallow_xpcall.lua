-- sandbox case loop-in-xpcall: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "swallow-xpcall", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  while true do xpcall(function() while true do end end, function(m) return m end) end
end

return check
