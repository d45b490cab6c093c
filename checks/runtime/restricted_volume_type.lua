-- restricted-volume-type: a pod volume whose type is outside the list the
-- Restricted Pod Security Standard allows.
local allowed = {
  configMap = true, csi = true, downwardAPI = true, emptyDir = true, ephemeral = true,
  persistentVolumeClaim = true, projected = true, secret = true,
}

return {
  id = "RT-027",
  name = "restricted-volume-type",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Volume type outside the restricted set",
  description = [[
The Restricted Pod Security Standard allows only volume types that cannot reach
the node or bypass storage access control: configMap, csi, downwardAPI,
emptyDir, ephemeral, persistentVolumeClaim, projected and secret. Other types
(hostPath, nfs, iscsi, rbd, cephfs, gitRepo…) mount host or network storage
directly into the pod; use a PersistentVolumeClaim instead.]],
  remediation = "Replace the volume with a persistentVolumeClaim (storage an administrator provisions) or one of configMap, csi, downwardAPI, emptyDir, ephemeral, projected, secret.",
  frameworks = { pss = "restricted" },

  run = function(doc, report)
    local spec, sp = k8s.pod_spec(doc)
    if not spec or type(spec.volumes) ~= "table" then return end
    for i, v in ipairs(spec.volumes) do
      if type(v) == "table" then
        local keys = {}
        for k in pairs(v) do
          if k ~= "name" and not allowed[k] then keys[#keys + 1] = k end
        end
        table.sort(keys)
        for _, k in ipairs(keys) do
          local vpath = ("%s.volumes[%d]"):format(sp, i - 1)
          report {
            path = vpath .. k8s.key(k),
            message = ("%s volume %q has type %s, outside the restricted set"):format(k8s.describe(doc), tostring(v.name or "?"), k),
            remediation = ("Replace %s.%s with a persistentVolumeClaim (claimName: …) or another allowed type: configMap, csi, downwardAPI, emptyDir, ephemeral, projected, secret."):format(vpath, k),
          }
        end
      end
    end
  end,
}
