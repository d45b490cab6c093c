-- sandbox case gc-finalizer-loop: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "finalizer-loop", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  setmetatable({}, { __gc = function() while true do end end })
end

return check
