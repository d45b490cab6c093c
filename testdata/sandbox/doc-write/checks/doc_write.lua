-- sandbox case doc-write: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "doc-write", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  doc.kind = "Deployment"
end

return check
