-- sandbox case pattern-backtracking: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "lua-pattern-bomb", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = tostring(string.find(("a"):rep(3000), ".-.-.-.-.-.-.-b")) }
end

return check
