-- host-devices: a Compose service maps host devices into the container
-- (devices:), or allows device access by cgroup rule (device_cgroup_rules:).
local check = {
  id = "RT-018", name = "host-devices", severity = "medium", class = "risk",
  inputs = { "compose", "container" },
  title = "Host device mapped into the container",
  description = [[
A device node mapped from the host (disks, /dev/mem, USB, GPUs) gives the
container direct access to hardware and kernel drivers: raw disk access alone
reads or rewrites the host's filesystem. Map a device only when the service
needs it, read-only or with the narrowest permissions (r, w, m).]],
  remediation = "Remove devices: from the service, or keep only the device it needs with the narrowest permissions (e.g. \"/dev/ttyUSB0:/dev/ttyUSB0:r\").",
}

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    for d, at in k8s.list(svc, "devices", s.path) do
      local src = tostring(type(d) == "string" and d:match("^([^:]+)") or (type(d) == "table" and d.source) or "?")
      s.report {
        path = at, message = ("maps host device %s into the container"):format(src),
        remediation = ("Remove %s, or if the service needs the device, restrict it to the permissions it uses (\"%s:%s:r\")."):format(at, src, src),
      }
    end
    for r, at in k8s.list(svc, "device_cgroup_rules", s.path) do
      s.report {
        path = at, message = ("allows host devices by cgroup rule %q"):format(tostring(r)),
        remediation = ("Remove %s and map only the device the service needs under devices:."):format(at),
      }
    end
  end
end

-- Running container: HostConfig.Devices and DeviceCgroupRules.
function check.container(doc, report)
  local s = inspect.subject(doc, report)
  for d, at in k8s.list(inspect.host(doc), "Devices", "HostConfig") do
    local src = type(d) == "table" and tostring(d.PathOnHost or "?") or tostring(d)
    s.report {
      path = type(d) == "table" and d.PathOnHost ~= nil and at .. ".PathOnHost" or at,
      message = ("maps host device %s into the container"):format(src),
      remediation = ("Recreate the container without --device %s, or with the permissions it uses only (--device %s:%s:r)."):format(src, src,
        type(d) == "table" and tostring(d.PathInContainer or src) or src),
    }
  end
  for r, at in k8s.list(inspect.host(doc), "DeviceCgroupRules", "HostConfig") do
    s.report {
      path = at, message = ("allows host devices by cgroup rule %q"):format(tostring(r)),
      remediation = "Recreate the container without --device-cgroup-rule; map only the device it needs with --device.",
    }
  end
end

return check
