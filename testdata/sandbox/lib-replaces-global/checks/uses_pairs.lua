-- sandbox case lib-replaces-global: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "uses-pairs", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = 'pairs is ' .. type(pairs) }
end

return check
