return {
  id = "T-001", name = "endless", severity = "low", inputs = { "kubernetes" },
  title = "loops", description = "loops forever", remediation = "none",
  kubernetes = function(doc, report) while true do end end,
}
