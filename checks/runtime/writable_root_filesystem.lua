-- writable-root-filesystem: the container can write to its image filesystem.
-- Kubernetes: securityContext.readOnlyRootFilesystem is not true on a
-- container (a container-only field; Windows pods are exempt).
-- Compose: read_only is not true on a service.
local check = {
  id = "RT-006", name = "writable-root-filesystem", severity = "medium", class = "hardening",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Container root filesystem is writable",
  description = [[
With a writable root filesystem an attacker who gets code execution can drop
tools, alter binaries and configuration, and persist until the container is
replaced. Mount the image read-only and give the process explicit writable
volumes (emptyDir, tmpfs) where it needs them.]],
  remediation = "Kubernetes: set securityContext.readOnlyRootFilesystem: true on every container. Compose: set read_only: true on the service. Mount writable scratch space where needed.",
}

function check.kubernetes(doc, report)
  if k8s.is_windows(k8s.pod_spec(doc)) then return end
  for c, ct in k8s.each_container(doc, report) do
    local v = k8s.dig(c, "securityContext.readOnlyRootFilesystem")
    local at = ct.sc .. ".readOnlyRootFilesystem"
    if v ~= true then
      ct.report {
        path = v ~= nil and at or ct.lacking,
        message = v ~= nil and ("sets readOnlyRootFilesystem: %s"):format(tostring(v))
          or "does not set readOnlyRootFilesystem: true",
        remediation = k8s.set_sc(ct, "readOnlyRootFilesystem: true",
          "and mount an emptyDir at each path the process writes to (/tmp, caches)."),
        fix = { { path = at, value = true } },
      }
    end
  end
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    local v, at = svc.read_only, s.path .. ".read_only"
    if v ~= true and v ~= "true" then
      s.report {
        path = v ~= nil and at or s.path,
        message = v ~= nil and ("sets read_only: %s"):format(tostring(v)) or "does not set read_only: true",
        remediation = k8s.set_in(s.path, "read_only: true\ntmpfs:\n  - /tmp",
          "and mount a volume or tmpfs at each other path the process writes to."),
        fix = { { path = at, value = true } },
      }
    end
  end
end

-- Running container: HostConfig.ReadonlyRootfs not true.
function check.container(doc, report)
  if inspect.host(doc).ReadonlyRootfs ~= true then
    inspect.subject(doc, report).report {
      path = inspect.host_path(doc, "ReadonlyRootfs"), message = "has a writable root filesystem",
      remediation = "Recreate the container with --read-only, and --tmpfs /tmp (or a volume) for the paths it must write.",
    }
  end
end

return check
