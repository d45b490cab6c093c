-- writable-root-filesystem: the container can write to its image filesystem.
-- Kubernetes: securityContext.readOnlyRootFilesystem is not true on a
-- container (a container-only field; Windows pods are exempt).
-- Compose: read_only is not true on a service.
local function check_k8s(doc, report)
  local spec = k8s.pod_spec(doc)
  if not spec or k8s.is_windows(spec) then return end
  for c, cpath in k8s.containers(doc) do
    local sc = type(c.securityContext) == "table" and c.securityContext or {}
    local v = sc.readOnlyRootFilesystem
    if v ~= true then
      local set = v ~= nil
      report {
        path = set and cpath .. ".securityContext.readOnlyRootFilesystem" or k8s.lacking(c, cpath),
        container = c.name,
        message = set and ("container %q sets readOnlyRootFilesystem: %s"):format(c.name or "?", tostring(v))
          or ("container %q does not set readOnlyRootFilesystem: true"):format(c.name or "?"),
        remediation = ("In %s set:\n  securityContext:\n    readOnlyRootFilesystem: true\nand mount an emptyDir at each path the process writes to (/tmp, caches)."):format(cpath),
        fix = { { path = cpath .. ".securityContext.readOnlyRootFilesystem", value = true } },
      }
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local v = svc.read_only
    if v ~= true and v ~= "true" then
      local set = v ~= nil
      report {
        path = set and spath .. ".read_only" or spath,
        resource = { kind = "service", name = name },
        container = name,
        message = set and ("service %q sets read_only: %s"):format(name, tostring(v))
          or ("service %q does not set read_only: true"):format(name),
        remediation = ("In %s set:\n  read_only: true\n  tmpfs:\n    - /tmp\nand mount a volume or tmpfs at each other path the process writes to."):format(spath),
        fix = { { path = spath .. ".read_only", value = true } },
      }
    end
  end
end

return {
  id = "RT-006",
  name = "writable-root-filesystem",
  severity = "medium",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Container root filesystem is writable",
  description = [[
With a writable root filesystem an attacker who gets code execution can drop
tools, alter binaries and configuration, and persist until the container is
replaced. Mount the image read-only and give the process explicit writable
volumes (emptyDir, tmpfs) where it needs them.]],
  remediation = "Kubernetes: set securityContext.readOnlyRootFilesystem: true on every container. Compose: set read_only: true on the service. Mount writable scratch space where needed.",
  frameworks = { cis_docker = "5.13", cis_kubernetes = "5.7.3", nsa_cisa = "Immutable container file systems" },

  run = function(doc, report)
    if doc.kind then return check_k8s(doc, report) end
    return check_compose(doc, report)
  end,
}
