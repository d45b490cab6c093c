-- sandbox case lib-replaces-builtin: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "uses-lib", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = 'k8s.containers is ' .. type(k8s.containers) }
end

return check
