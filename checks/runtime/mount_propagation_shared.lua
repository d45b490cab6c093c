-- mount-propagation-shared: a mount whose propagation lets mounts made in the
-- container appear on the host (Kubernetes mountPropagation: Bidirectional;
-- Compose bind propagation shared / rshared).
local check = {
  id = "RT-019", name = "mount-propagation-shared", severity = "high", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Mount propagated back to the host",
  description = [[
With Bidirectional (Kubernetes) or shared/rshared (Docker) propagation, mounts
the container creates under the volume propagate to the host and to every other
container sharing it. A compromised container can then mount over host paths.
Only privileged storage drivers need it.]],
  remediation = "Use HostToContainer (Kubernetes) or rslave/private (Compose) propagation, or none at all.",
}

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do
    for m, mpath in k8s.list(c, "volumeMounts", ct.path) do
      if type(m) == "table" and m.mountPropagation == "Bidirectional" then
        ct.report {
          path = mpath .. ".mountPropagation",
          message = ("mounts volume %q with mountPropagation: Bidirectional"):format(tostring(m.name or "?")),
          remediation = ("In %s set mountPropagation: HostToContainer (or delete the key: None is the default)."):format(mpath),
          fix = { { path = mpath .. ".mountPropagation", value = "HostToContainer" } },
        }
      end
    end
  end
end

function check.compose(doc, report)
  for v, s in compose.each_volume(doc, report) do
    local p = v.propagation
    if p == "shared" or p == "rshared" then
      s.report {
        path = v.long and v.path .. ".bind.propagation" or v.path,
        message = ("mounts %s with %s propagation"):format(tostring(v.target or v.source or "?"), p),
        remediation = ("In %s use rslave (or private) propagation instead of %s, e.g. %s:%s:ro,rslave."):format(
          v.path, p, tostring(v.source or "SRC"), tostring(v.target or "DST")),
      }
    end
  end
end

-- Running container: Mounts[].Propagation (or a Binds option) shared or rshared.
function check.container(doc, report)
  local s = inspect.subject(doc, report)
  for _, m in ipairs(inspect.mounts(doc)) do
    local p = m.propagation
    if p == "shared" or p == "rshared" then
      s.report {
        path = doc.Mounts and m.path .. ".Propagation" or m.path,
        message = ("mounts %s with %s propagation"):format(tostring(m.destination or m.source or "?"), p),
        remediation = ("Recreate the container with rslave (or private) propagation: -v %s:%s:rslave."):format(
          tostring(m.source or "SRC"), tostring(m.destination or "DST")),
      }
    end
  end
end

return check
