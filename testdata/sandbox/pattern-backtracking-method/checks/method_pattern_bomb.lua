-- sandbox case pattern-backtracking-method: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "method-pattern-bomb", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local s = ("a"):rep(3000)
  report { message = tostring(s:match("(.-)(.-)(.-)(.-)(.-)b")) }
end

return check
