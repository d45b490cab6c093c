-- sandbox case doc-nested-write: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "doc-nested-write", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  doc.spec.containers[1].securityContext.privileged = false
end

return check
