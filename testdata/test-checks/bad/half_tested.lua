-- half-tested: declares two inputs, has fixtures for one.
local check = {
  id = "T-105", name = "half-tested", severity = "low", inputs = { "kubernetes", "compose" },
  title = "test", description = "A check the test-checks tests run.", remediation = "none",
}
function check.kubernetes(doc, report)
  if doc.metadata.name == "bad" then report { path = "metadata.name", message = "named bad" } end
end
function check.compose(doc, report)
  if doc.services.bad then report { path = "services.bad", message = "a service named bad" } end
end
return check
