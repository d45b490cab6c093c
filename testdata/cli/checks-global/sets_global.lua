return {
  id = "T-004", name = "sets-global", severity = "low", inputs = { "kubernetes" },
  title = "global", description = "assigns a global", remediation = "none",
  kubernetes = function(doc, report) counter = 1 end,
}
