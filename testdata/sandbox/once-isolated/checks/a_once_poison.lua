-- sandbox case once-isolated: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "a-once-poison", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local r = plimsoll.once(doc, function(d) return { d.metadata.name } end)
  local ok = pcall(function() r[1] = "poison" end)
  report { message = "poison written: " .. tostring(ok) }
end

return check
