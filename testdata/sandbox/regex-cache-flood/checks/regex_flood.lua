-- sandbox case regex-cache-flood: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "regex-flood", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  for i = 1, 20000 do regex.test("x", "x" .. i .. "(y|z)") end
  report { message = "compiled 20000 patterns" }
end

return check
