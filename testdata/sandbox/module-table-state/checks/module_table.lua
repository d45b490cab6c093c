-- tries to keep per-document state in a module-level table
local seen = {}
local check = {
  id = "T-100", name = "module-table", severity = "low", inputs = { "kubernetes" },
  title = "t", description = "d", remediation = "r",
}
function check.kubernetes(doc, report)
  seen[#seen + 1] = doc.metadata.name
  report { message = "seen " .. #seen }
end
return check
