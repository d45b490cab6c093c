-- sandbox case gc-finalizer-report: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "finalizer-report", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  setmetatable({}, { __gc = function() report { message = "from a finalizer" } end })
end

return check
