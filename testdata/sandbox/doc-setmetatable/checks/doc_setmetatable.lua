-- sandbox case doc-setmetatable: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "doc-setmetatable", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  setmetatable(doc, { __index = function() return "forged" end })
end

return check
