-- missing-memory-limit: a container without a memory limit. Kubernetes:
-- resources.limits.memory on every regular and init container (ephemeral
-- containers cannot have resources). Compose: mem_limit or
-- deploy.resources.limits.memory.
local check = {
  id = "RT-028", name = "missing-memory-limit", severity = "medium", class = "hardening",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "No memory limit",
  description = [[
A container without a memory limit can use all the memory of its node: a leak
or a hostile input then drives the node into the kernel OOM killer, which takes
other workloads down with it. A limit confines the damage to the container.]],
  remediation = "Set a memory limit, sized to the working set plus headroom: resources.limits.memory (Kubernetes), deploy.resources.limits.memory or mem_limit (Compose). The 256Mi (256M) in each finding's fix is a placeholder; it is the container's request (the service's reservation) when there is one.",
}

check.kubernetes = k8s.missing_limit("memory", "memory",
  "resources:\n  limits:\n    memory: 256Mi   # the working set plus headroom\n  requests:\n    memory: 256Mi", "256Mi")
check.compose = compose.missing_limit("memory", { "mem_limit" }, "memory",
  "deploy:\n  resources:\n    limits:\n      memory: 256M", "(or mem_limit: 256m)", "256M")

-- Running container: HostConfig.Memory 0 (no --memory).
function check.container(doc, report)
  if inspect.unset(inspect.host(doc).Memory) then
    inspect.subject(doc, report).report {
      path = inspect.host_path(doc, "Memory"), message = "has no memory limit",
      remediation = "Recreate the container with --memory (e.g. --memory 512m), or docker update --memory 512m --memory-swap 512m it.",
    }
  end
end

return check
