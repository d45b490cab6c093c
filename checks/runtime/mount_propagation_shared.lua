-- mount-propagation-shared: a mount whose propagation lets mounts made in the
-- container appear on the host (Kubernetes mountPropagation: Bidirectional;
-- Compose bind propagation shared / rshared).
local function check_k8s(doc, report)
  for c, cpath in k8s.containers(doc) do
    for i, m in ipairs(type(c.volumeMounts) == "table" and c.volumeMounts or {}) do
      if type(m) == "table" and m.mountPropagation == "Bidirectional" then
        local mpath = ("%s.volumeMounts[%d]"):format(cpath, i - 1)
        report {
          path = mpath .. ".mountPropagation",
          container = c.name,
          message = ("container %q mounts volume %q with mountPropagation: Bidirectional"):format(c.name or "?", tostring(m.name or "?")),
          remediation = ("In %s set mountPropagation: HostToContainer (or delete the key: None is the default)."):format(mpath),
          fix = { { path = mpath .. ".mountPropagation", value = "HostToContainer" } },
        }
      end
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    for _, v in ipairs(compose.volumes(svc, spath)) do
      local p = v.propagation
      if p == "shared" or p == "rshared" then
        local at = v.path
        if type(svc.volumes) == "table" then
          local raw = svc.volumes[tonumber(at:match("%[(%d+)%]$")) + 1]
          if type(raw) == "table" then at = at .. ".bind.propagation" end
        end
        report {
          path = at,
          container = name,
          resource = { kind = "service", name = name },
          message = ("service %q mounts %s with %s propagation"):format(name, tostring(v.target or v.source or "?"), p),
          remediation = ("In %s use rslave (or private) propagation instead of %s, e.g. %s:%s:ro,rslave."):format(
            v.path, p, tostring(v.source or "SRC"), tostring(v.target or "DST")),
        }
      end
    end
  end
end

return {
  id = "RT-019",
  name = "mount-propagation-shared",
  severity = "high",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Mount propagated back to the host",
  description = [[
With Bidirectional (Kubernetes) or shared/rshared (Docker) propagation, mounts
the container creates under the volume propagate to the host and to every other
container sharing it. A compromised container can then mount over host paths.
Only privileged storage drivers need it.]],
  remediation = "Use HostToContainer (Kubernetes) or rslave/private (Compose) propagation, or none at all.",
  frameworks = { cis_docker = "5.20" },

  run = function(doc, report)
    if doc.services then return check_compose(doc, report) end
    return check_k8s(doc, report)
  end,
}
