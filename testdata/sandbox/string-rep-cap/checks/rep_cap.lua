-- sandbox case string-rep-cap: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "rep-cap", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local s = string.rep("abcd", 100 * 1024 * 1024)
  report { message = "got " .. #s }
end

return check
