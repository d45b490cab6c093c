-- service-external-ips: a Service with spec.externalIPs (CVE-2020-8554: whoever
-- can create or edit a Service can intercept traffic to any IP).
local check = {
  id = "K8S-007", name = "service-external-ips", severity = "high", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Service" },
  title = "Service sets externalIPs",
  description = [[
kube-proxy routes traffic for every address listed in a Service's externalIPs
to that Service's pods, from every node, whoever owns the address. Anyone able
to create or patch a Service can thus intercept traffic meant for another
service or an external host (CVE-2020-8554, unfixable in Kubernetes itself).
Clusters should deny externalIPs with an admission policy, and manifests
should not need them.]],
  remediation = "Remove spec.externalIPs; expose the Service with type LoadBalancer, a NodePort or an Ingress/Gateway instead.",
}

function check.kubernetes(doc, report)
  local spec = type(doc.spec) == "table" and doc.spec or {}
  local ips = spec.externalIPs
  if type(ips) == "table" and #ips > 0 then
    local list = {}
    for _, ip in ipairs(ips) do list[#list + 1] = tostring(ip) end
    report {
      path = "spec.externalIPs",
      message = ("%s sets externalIPs %s, which lets it capture traffic for those addresses on every node (CVE-2020-8554)"):format(
        k8s.describe(doc), table.concat(list, ", ")),
      remediation = ("In %s remove spec.externalIPs and expose it through\n  spec:\n    type: LoadBalancer   # or NodePort, or an Ingress/Gateway"):format(k8s.describe(doc)),
    }
  end
end

return check
