-- sandbox case string-rep-huge: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "rep-huge", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local s = string.rep("x", 1 << 40)
  report { message = #s }
end

return check
