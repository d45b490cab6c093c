-- aufs-storage-driver: daemon.json sets "storage-driver": "aufs".
local check = {
  id = "DMN-005", name = "aufs-storage-driver", severity = "medium", class = "risk",
  inputs = { "daemon" },
  title = "aufs storage driver",
  description = [[
aufs is deprecated and removed from current Docker releases; it is not in the
mainline kernel, has had kernel crashes and privilege-escalation bugs, and gets no
fixes.]],
  remediation = "Use the overlay2 storage driver (\"storage-driver\": \"overlay2\") and migrate the images.",
}

function check.daemon(doc, report)
  local v, at = daemon.get(doc, "storage-driver")
  if type(v) == "string" and v:lower() == "aufs" then
    report {
      path = at, message = 'uses the aufs storage driver ("storage-driver": "aufs"), deprecated and unmaintained',
      remediation = daemon.set("storage-driver", '"overlay2"', "Images are pulled again under the new driver."),
    }
  end
end

return check
