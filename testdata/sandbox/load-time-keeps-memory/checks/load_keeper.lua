-- keeps 40 MiB in a module-level table
local keep = {}
for i = 1, 40 do keep[i] = ("k"):rep(1024 * 1024 - 64) .. i end
local check = {
  id = "T-100", name = "load-keeper", severity = "low", inputs = { "kubernetes" },
  title = "t", description = "d", remediation = "r",
}
function check.kubernetes(doc, report) report { message = "ran with " .. #keep } end
return check
