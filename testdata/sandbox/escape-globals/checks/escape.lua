-- sandbox case escape-globals: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "escape", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local reached = {}
  for _, n in ipairs { "io", "os", "debug", "package", "require", "load", "loadfile", "dofile",
                       "loadstring", "collectgarbage", "print", "rawset", "coroutine", "_G" } do
    if _ENV[n] ~= nil then reached[#reached + 1] = n end
  end
  report { message = "reached: " .. (#reached > 0 and table.concat(reached, ",") or "nothing") }
end

return check
