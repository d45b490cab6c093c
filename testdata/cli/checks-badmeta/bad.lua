return {
  id = "T-005", name = "Bad Name", severity = "urgent", inputs = { "kubernetes" },
  title = "bad", description = "bad", remediation = "none",
  kubernetes = function() end,
}
