-- sandbox case gsub-backtracking: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "gsub-bomb", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local s = ("a"):rep(3000)
  report { message = s:gsub(".-.-.-.-.-b", "x") }
end

return check
