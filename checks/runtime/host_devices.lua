-- host-devices: a Compose service maps host devices into the container
-- (devices:), or allows device access by cgroup rule (device_cgroup_rules:).
return {
  id = "RT-018",
  name = "host-devices",
  severity = "medium",
  inputs = { "compose" },
  title = "Host device mapped into the container",
  description = [[
A device node mapped from the host (disks, /dev/mem, USB, GPUs) gives the
container direct access to hardware and kernel drivers: raw disk access alone
reads or rewrites the host's filesystem. Map a device only when the service
needs it, read-only or with the narrowest permissions (r, w, m).]],
  remediation = "Remove devices: from the service, or keep only the device it needs with the narrowest permissions (e.g. \"/dev/ttyUSB0:/dev/ttyUSB0:r\").",
  frameworks = { cis_docker = "5.18" },

  run = function(doc, report)
    for svc, spath, name in compose.services(doc) do
      for i, d in ipairs(type(svc.devices) == "table" and svc.devices or {}) do
        local src = type(d) == "string" and d:match("^([^:]+)") or (type(d) == "table" and d.source) or "?"
        local at = ("%s.devices[%d]"):format(spath, i - 1)
        report {
          path = at,
          resource = { kind = "service", name = name },
          container = name,
          message = ("service %q maps host device %s into the container"):format(name, tostring(src)),
          remediation = ("Remove %s, or if the service needs the device, restrict it to the permissions it uses (\"%s:%s:r\")."):format(at, tostring(src), tostring(src)),
        }
      end
      for i, r in ipairs(type(svc.device_cgroup_rules) == "table" and svc.device_cgroup_rules or {}) do
        local at = ("%s.device_cgroup_rules[%d]"):format(spath, i - 1)
        report {
          path = at,
          resource = { kind = "service", name = name },
          container = name,
          message = ("service %q allows host devices by cgroup rule %q"):format(name, tostring(r)),
          remediation = ("Remove %s and map only the device the service needs under devices:."):format(at),
        }
      end
    end
  end,
}
