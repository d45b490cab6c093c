-- a check table whose __index raises: never called by the engine
return setmetatable({
  id = "T-100", name = "bad-index", severity = "low", inputs = { "kubernetes" },
  title = "t", description = "d", remediation = "r",
  kubernetes = function() end,
}, { __index = function() error("boom") end })
