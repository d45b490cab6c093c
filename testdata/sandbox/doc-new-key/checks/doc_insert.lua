-- sandbox case doc-new-key: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "doc-insert", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  table.insert(doc.spec.containers, { name = "sidecar" })
end

return check
