-- sandbox case doc-isolation: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "a-tamper", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  pcall(function() doc.spec.containers[1].securityContext.privileged = false end)
  pcall(function() doc.metadata.name = "forged" end)
end

return check
