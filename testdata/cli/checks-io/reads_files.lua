return {
  id = "T-002", name = "reads-files", severity = "low", inputs = { "kubernetes" },
  title = "io", description = "tries io.open", remediation = "none",
  kubernetes = function(doc, report)
    local f = io.open("/etc/passwd")
    report { message = "read " .. tostring(f) }
  end,
}
