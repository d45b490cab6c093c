-- host-network: the pod shares the node's network namespace (hostNetwork).
return {
  id = "RT-010",
  name = "host-network",
  severity = "high",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Pod shares the host network namespace",
  description = [[
A pod with hostNetwork: true shares the node's network stack: it can bind host ports, sniff traffic on every interface and reach services listening on localhost of the node.]],
  remediation = "Remove spec.hostNetwork or set it to false.",
  frameworks = { cis_docker = "5.10", cis_kubernetes = "5.2.5", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
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
