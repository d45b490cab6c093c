return {
  id = "T-004", name = "sets-global", severity = "low", inputs = { "kubernetes" },
  title = "global", description = "assigns a global", remediation = "none",
  run = function(doc, report) counter = 1 end,
}
