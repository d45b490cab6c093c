-- sandbox case regex-backtracking: a regex that backtracks catastrophically.
local check = {
  id = "T-100", name = "regex-bomb", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = tostring(regex.find(("a"):rep(40) .. "!", "^(\\w+\\s?)*$")) }
end

return check
