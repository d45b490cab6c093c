-- host-network: the workload shares the node's network namespace.
-- Kubernetes: spec.hostNetwork: true; Compose: network_mode: host.
local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local v = svc.network_mode
    if type(v) == "string" and v:lower() == "host" then
      report {
        path = spath .. ".network_mode",
        resource = { kind = "service", name = name },
        container = name,
        message = ("service %q sets network_mode: host"):format(name),
        remediation = ("Delete %s.network_mode so the service gets its own network namespace."):format(spath),
      }
    end
  end
end

return {
  id = "RT-010",
  name = "host-network",
  severity = "high",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Workload shares the host network namespace",
  description = [[
A pod with hostNetwork: true, or a Compose service with network_mode: host, shares the node's network stack: it can bind host ports, sniff traffic on every interface and reach services listening on localhost of the node.]],
  remediation = "Remove spec.hostNetwork (Kubernetes) or network_mode: host (Compose); publish the ports the service needs instead.",
  frameworks = { cis_docker = "5.10", cis_kubernetes = "5.2.5", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if not doc.kind then return check_compose(doc, report) end
    local spec, path = k8s.pod_spec(doc)
    if spec and spec.hostNetwork == true then
      report {
        path = path .. ".hostNetwork",
        message = ("%s sets hostNetwork: true"):format(k8s.describe(doc)),
        remediation = ("Delete %s.hostNetwork (it defaults to false) or set it to false."):format(path),
        fix = { { path = path .. ".hostNetwork", value = false } },
      }
    end
  end,
}
