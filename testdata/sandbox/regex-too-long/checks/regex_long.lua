-- sandbox case regex-too-long: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "regex-long", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  regex.test("x", ("a"):rep(5000))
end

return check
