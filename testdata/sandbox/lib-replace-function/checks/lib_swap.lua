-- sandbox case lib-replace-function: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "lib-swap", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  pcall(function() k8s.containers = function() return function() end end end)
  report { message = "k8s.containers is a " .. type(k8s.containers) }
end

return check
