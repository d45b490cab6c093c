-- sandbox case lib-pairs-state: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "lib-pairs", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local f, s = pairs(k8s)
  local ok = pcall(function() s.containers = nil end)
  local via_next = false
for _, v in next, k8s do
  if type(v) == "table" and pcall(function() v.x = 1 end) then via_next = true end
end
  report { message = ("writable via pairs state: %s, via next: %s, k8s.containers: %s"):format(
    tostring(ok), tostring(via_next), type(k8s.containers)) }
end

return check
