-- service-account-lookup-disabled: kube-apiserver sets --service-account-lookup=false.
local check = {
  id = "NODE-020", name = "service-account-lookup-disabled", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "Deleted service account tokens still accepted",
  description = [[
With service account lookup off, the API server accepts a token without checking
that its service account still exists: tokens of deleted service accounts keep
working.]],
  remediation = "Remove --service-account-lookup=false from kube-apiserver (the default is true).",
}

check.node = flags.want_bool("kube-apiserver", "service-account-lookup", true, true,
  "tokens of deleted service accounts keep working")

return check
