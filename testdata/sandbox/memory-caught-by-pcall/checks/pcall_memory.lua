-- sandbox case memory-caught-by-pcall: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "pcall-memory", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local ok = pcall(function() local t = {} for i = 1, 1e9 do t[i] = ("x"):rep(100) .. i end end)
  report { message = "pcall swallowed it: " .. tostring(ok) }
end

return check
