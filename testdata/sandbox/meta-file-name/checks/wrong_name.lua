-- sandbox case meta-file-name: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "right-name", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)

end

return check
