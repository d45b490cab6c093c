-- sandbox case lib-nested-table: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "lib-nested", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local ok = pcall(function() k8s.container_lists[1] = "evil" end)
  report { message = ("nested write: %s, first list: %s"):format(tostring(ok), k8s.container_lists[1]) }
end

return check
