return {
  id = "T-006", name = "hungry", severity = "low", inputs = { "kubernetes" },
  title = "memory", description = "allocates without end", remediation = "none",
  kubernetes = function(doc, report)
    local t = {}
    local s = string.rep("x", 1 << 20)
    for i = 1, 1e9 do t[i] = s .. i end
  end,
}
