-- sandbox case custom-lib: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "uses-mylib", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = mylib.greet(doc.metadata.name) }
end

return check
