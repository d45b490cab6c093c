-- no-debug-label: workloads labelled debug=true must not reach production.
local check = {
  id = "ORG-001",
  name = "no-debug-label",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Workload labelled debug",
  description = "Debug builds log secrets and skip authentication.",
  remediation = "Remove the debug label and deploy the release build.",
}

function check.kubernetes(doc, report)
  local labels = doc.metadata and doc.metadata.labels
  if labels and labels.debug == "true" then
    report {
      path = "metadata.labels.debug",
      message = ("%s is labelled debug=true"):format(k8s.describe(doc)),
    }
  end
end

return check
