-- sandbox case nested-pcall-budget: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "nested-pcall", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local function deep(n) if n == 0 then while true do end end return pcall(deep, n - 1) end
  while true do deep(50) end
end

return check
