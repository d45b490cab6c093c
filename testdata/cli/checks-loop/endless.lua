return {
  id = "T-001", name = "endless", severity = "low", inputs = { "kubernetes" },
  title = "loops", description = "loops forever", remediation = "none",
  run = function(doc, report) while true do end end,
}
