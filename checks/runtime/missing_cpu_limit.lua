-- missing-cpu-limit: a container without a CPU limit. Kubernetes:
-- resources.limits.cpu on every regular and init container (ephemeral
-- containers cannot have resources). Compose: cpus, cpu_quota, cpu_shares
-- or deploy.resources.limits.cpus.
local check = {
  id = "RT-029", name = "missing-cpu-limit", severity = "low", class = "hardening",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "No CPU limit",
  description = [[
A container without a CPU limit (or share) can take every core of its host when
it spins or is driven hard, starving the other containers there. A limit
confines a runaway or attacked process to its share.]],
  remediation = "Set a CPU limit: resources.limits.cpu (Kubernetes), deploy.resources.limits.cpus or cpus (Compose). The 500m (0.50) in each finding's fix is a placeholder to size to the workload; it is the container's request (the service's reservation) when there is one.",
}

check.kubernetes = k8s.missing_limit("cpu", "CPU", "resources:\n  limits:\n    cpu: 500m\n  requests:\n    cpu: 100m", "500m")
check.compose = compose.missing_limit("CPU", { "cpus", "cpu_quota", "cpu_shares" }, "cpus",
  'deploy:\n  resources:\n    limits:\n      cpus: "0.50"', "(or cpus: 0.5)", "0.50")

-- Running container: none of HostConfig.NanoCpus, CpuQuota, CpuShares set.
function check.container(doc, report)
  local hc = inspect.host(doc)
  if inspect.unset(hc.NanoCpus) and inspect.unset(hc.CpuQuota) and inspect.unset(hc.CpuShares) then
    inspect.subject(doc, report).report {
      path = inspect.host_path(doc, "NanoCpus"), message = "has no CPU limit or CPU shares",
      remediation = "Recreate the container with --cpus (e.g. --cpus 1) and --cpu-shares, or docker update --cpus 1 it.",
    }
  end
end

return check
