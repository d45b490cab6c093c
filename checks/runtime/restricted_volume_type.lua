-- restricted-volume-type: a pod volume whose type is outside the list the
-- Restricted Pod Security Standard allows.
local check = {
  id = "RT-027", name = "restricted-volume-type", severity = "low", class = "risk",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Volume type outside the restricted set",
  description = [[
The Restricted Pod Security Standard allows only volume types that cannot reach
the node or bypass storage access control: configMap, csi, downwardAPI,
emptyDir, ephemeral, persistentVolumeClaim, projected and secret. Other types
(hostPath, nfs, iscsi, rbd, cephfs, gitRepo…) mount host or network storage
directly into the pod; use a PersistentVolumeClaim instead.]],
  remediation = "Replace the volume with a persistentVolumeClaim (storage an administrator provisions) or one of configMap, csi, downwardAPI, emptyDir, ephemeral, projected, secret.",
}

local allowed = {
  configMap = true, csi = true, downwardAPI = true, emptyDir = true, ephemeral = true,
  persistentVolumeClaim = true, projected = true, secret = true,
}

function check.kubernetes(doc, report)
  local spec, sp = k8s.pod_spec(doc)
  for v, vpath in k8s.list(spec, "volumes", sp) do
    local types = type(v) == "table" and k8s.sorted_keys(v, function(k) return k ~= "name" and not allowed[k] end) or {}
    for _, k in ipairs(types) do
      report {
        path = vpath .. k8s.key(k),
        message = ("%s volume %q has type %s, outside the restricted set"):format(k8s.describe(doc), tostring(v.name or "?"), k),
        remediation = ("Replace %s.%s with a persistentVolumeClaim (claimName: …) or another allowed type: configMap, csi, downwardAPI, emptyDir, ephemeral, projected, secret."):format(vpath, k),
      }
    end
  end
end

return check
