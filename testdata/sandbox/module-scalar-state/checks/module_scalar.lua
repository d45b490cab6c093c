-- tries to carry state from one document to the next in upvalues: each run starts afresh
local runs, acc = 0, ""
local check = {
  id = "T-100", name = "module-scalar", severity = "low", inputs = { "kubernetes" },
  title = "t", description = "d", remediation = "r",
}
function check.kubernetes(doc, report)
  runs = runs + 1
  acc = acc .. ("x"):rep(1000000)
  report { message = ("run %d with %d bytes"):format(runs, #acc) }
end
return check
