-- sandbox case tostring-metamethod-loop: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "tostring-loop", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local t = setmetatable({}, { __tostring = function() while true do end end })
  report { message = tostring(t) }
end

return check
