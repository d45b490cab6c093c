-- sandbox case string-library: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "string-lib", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local w1 = pcall(function() string.upper = nil end)
  local w2 = pcall(function() string.find = function() return 1 end end)
  report { message = ("writable: %s %s; dump: %s %s; string mt: %s; upper: %s"):format(
    tostring(w1), tostring(w2), tostring(string.dump), tostring(("").dump), tostring(getmetatable("")),
    ("ok"):upper()) }
end

return check
