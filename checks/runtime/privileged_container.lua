-- privileged-container: a container with every host capability and device.
-- Kubernetes: securityContext.privileged: true on any container;
-- Compose: privileged: true on a service.
local check = {
  id = "RT-001", name = "privileged-container", severity = "critical", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Container runs in privileged mode",
  description = [[
A privileged container runs with every Linux capability, sees every host device
and is not confined by seccomp or AppArmor: a process that escapes it is root on
the node. Almost no workload needs it; those that do (CNI plugins, storage
drivers) belong in a dedicated, tightly controlled namespace.]],
  remediation = "Remove securityContext.privileged (Kubernetes) or privileged (Compose), or set it to false; grant only the capabilities the process needs.",
}

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do
    if type(c.securityContext) == "table" and c.securityContext.privileged == true then
      local at = ct.sc .. ".privileged"
      ct.report {
        path = at, message = "runs privileged", fix = { { path = at, value = false } },
        remediation = k8s.set_sc(ct, "privileged: false"),
      }
    end
  end
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    if svc.privileged == true or svc.privileged == "true" then
      local at = s.path .. ".privileged"
      s.report {
        path = at, message = "runs privileged", fix = { { path = at, value = false } },
        remediation = ("Remove %s (it defaults to false); grant only the capabilities the process needs with cap_add."):format(at),
      }
    end
  end
end

-- Running container (docker/podman container inspect): HostConfig.Privileged.
function check.container(doc, report)
  if inspect.host(doc).Privileged == true then
    inspect.subject(doc, report).report {
      path = "HostConfig.Privileged", message = "runs privileged (started with --privileged)",
      remediation = "Recreate the container without --privileged; add only the capabilities it needs with --cap-add (and map single devices with --device).",
    }
  end
end

return check
