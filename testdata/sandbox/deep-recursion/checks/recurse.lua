-- sandbox case deep-recursion: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "recurse", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local function f(n) return f(n + 1) + 1 end
  f(1)
end

return check
