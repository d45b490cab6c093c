-- base-device-size-changed: daemon.json sets dm.basesize in "storage-opts".
local check = {
  id = "DMN-009", name = "base-device-size-changed", severity = "info", class = "risk",
  inputs = { "daemon" },
  title = "Base device size changed",
  description = [[
Raising the devicemapper base device size lets every container grow its writable
layer that far, which can fill the host's storage; change it only when a workload
needs it.]],
  remediation = "Remove dm.basesize from \"storage-opts\" unless a workload needs larger containers.",
}

function check.daemon(doc, report)
  for o, at in k8s.list(doc, "storage-opts", "") do
    if type(o) == "string" and o:match("^%s*dm%.basesize%s*=") then
      report {
        path = at:gsub("^%.", ""), message = ("changes the base device size (%s)"):format(o),
        remediation = ('Remove "%s" from "storage-opts" unless a workload needs larger containers, then restart the daemon.'):format(o),
      }
    end
  end
end

return check
