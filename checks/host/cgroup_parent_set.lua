-- cgroup-parent-set: containers are placed under another cgroup parent than the runtime's
-- default: a container started with --cgroup-parent (HostConfig.CgroupParent),
-- or every container when daemon.json sets "cgroup-parent".
local check = {
  id = "RT-041", name = "cgroup-parent-set", severity = "info", class = "risk",
  inputs = { "container", "daemon" },
  title = "Custom cgroup parent",
  description = [[
The cgroup a container is placed in decides which resource limits and accounting
apply to it. A custom cgroup parent can take containers out of the limits the
host's administrators set for Docker; it should be a deliberate, reviewed choice.]],
  remediation = "Leave the cgroup parent at its default unless the host's resource plan requires another one, and confirm that the parent carries the intended limits.",
}

function check.container(doc, report)
  local v = inspect.host(doc).CgroupParent
  if type(v) == "string" and v ~= "" then
    inspect.subject(doc, report).report {
      path = "HostConfig.CgroupParent", message = ("runs under the custom cgroup parent %s (--cgroup-parent)"):format(v),
      remediation = ("Confirm that %s carries the resource limits intended for this container, or recreate the container without --cgroup-parent."):format(v),
    }
  end
end

function check.daemon(doc, report)
  local v, at = daemon.get(doc, "cgroup-parent")
  if type(v) == "string" and v ~= "" then
    report {
      path = at, message = ('places every container under the custom cgroup parent %s ("cgroup-parent")'):format(v),
      remediation = ('Confirm that %s carries the resource limits intended for containers, or remove "cgroup-parent" from daemon.json.'):format(v),
    }
  end
end

return check
