-- typo: `kind` for `kinds` must not silently run on every kind.
local check = {
  id = "T-201", name = "typo", severity = "low", inputs = { "kubernetes" }, kind = "workloads",
  title = "test", description = "A check that does not load.", remediation = "none",
}
function check.kubernetes(doc, report) end
return check
