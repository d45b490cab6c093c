-- sandbox case regex-backtracking: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "regex-bomb", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = tostring(regex.find(("a"):rep(40), "(a+)+b")) }
end

return check
