-- a file-level local that starts nil: each run starts with it nil again
local maybe
local check = { id = "T-100", name = "nil-up", severity = "low", inputs = { "kubernetes" }, title = "t", description = "d", remediation = "r" }
function check.kubernetes(doc, report)
  local before = tostring(maybe)
  maybe = doc.metadata.name
  report { message = "before=" .. before }
end
return check
