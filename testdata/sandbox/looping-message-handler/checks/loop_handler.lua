-- sandbox case looping-message-handler: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "loop-handler", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  xpcall(function() error("boom") end, function() while true do end end)
  report { message = "survived" }
end

return check
