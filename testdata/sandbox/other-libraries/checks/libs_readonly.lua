-- sandbox case other-libraries: a custom check that misbehaves on purpose.
local check = {
  id = "T-100", name = "libs-readonly", severity = "low", inputs = { "kubernetes" },
  title = "sandbox probe", description = "tries to break the sandbox", remediation = "none",
}

function check.kubernetes(doc, report)
  local names = { "table", "math", "utf8", "regex", "plimsoll", "secrets", "docker", "shell" }
  local writable = {}
  for _, n in ipairs(names) do
    if pcall(function() _ENV[n].injected = true end) then writable[#writable + 1] = n end
  end
  report { message = "writable: " .. (#writable > 0 and table.concat(writable, ",") or "none") ..
    "; math.random: " .. tostring(math.random) }
end

return check
