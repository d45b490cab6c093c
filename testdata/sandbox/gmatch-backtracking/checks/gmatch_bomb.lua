-- sandbox case gmatch-backtracking: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "gmatch-bomb", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  for w in (("a"):rep(3000)):gmatch(".-.-.-.-.-b") do report { message = w } end
end

return check
