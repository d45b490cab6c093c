-- sandbox case concat-loop-deadline: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "concat-spin", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local s = ("x"):rep(32 * 1024 * 1024)
  while true do local t = s .. s end
end

return check
