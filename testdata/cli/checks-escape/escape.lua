-- every way out must be closed; reports what it could reach
return {
  id = "T-003", name = "escape", severity = "low", inputs = { "kubernetes" },
  title = "escape", description = "tries every way out", remediation = "none",
  kubernetes = function(doc, report)
    local reached = {}
    for _, name in ipairs { "io", "os", "debug", "package", "require", "load", "loadfile", "dofile",
                            "collectgarbage", "print", "rawset" } do
      if _ENV[name] ~= nil then reached[#reached + 1] = name end
    end
    if string.dump then reached[#reached + 1] = "string.dump" end
    if getmetatable("") then reached[#reached + 1] = "string metatable" end
    if not pcall(function() string.upper = nil end) then else reached[#reached + 1] = "string writable" end
    if pcall(function() k8s.containers = nil end) then reached[#reached + 1] = "k8s writable" end
    report { message = "reached: " .. (#reached > 0 and table.concat(reached, ",") or "nothing") }
  end,
}
