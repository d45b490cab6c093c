-- sandbox case lib-word-in-path: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "vendored", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  report { message = 'a check under vendor/lib/ runs as a check' }
end

return check
