-- runs after a-tamper: must see the document unchanged
local check = {
  id = "T-101", name = "z-observe", severity = "low", inputs = { "kubernetes" },
  title = "t", description = "d", remediation = "r",
}
function check.kubernetes(doc, report)
  report { message = ("%s sees privileged=%s"):format(doc.metadata.name,
    tostring(doc.spec.containers[1].securityContext.privileged)) }
end
return check
