-- sandbox case weak-table: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "weak", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local cache = setmetatable({}, { __mode = "k" })
end

return check
