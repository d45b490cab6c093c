-- sandbox case report-flood: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "report-flood", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  for i = 1, 5000 do report { message = "finding " .. i } end
end

return check
