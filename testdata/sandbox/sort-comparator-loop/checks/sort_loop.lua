-- sandbox case sort-comparator-loop: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "sort-loop", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local t = { 3, 2, 1 }
  table.sort(t, function() while true do end end)
end

return check
