-- host-path-volume: a pod mounts a directory or file of the node (hostPath).
local check = {
  id = "RT-014", name = "host-path-volume", severity = "medium",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Pod uses a hostPath volume",
  description = [[
A hostPath volume exposes the node's filesystem to the pod: it ties the pod to
one node, bypasses storage quotas and, when writable or pointing at system
paths, is a direct route to the node's credentials and to container escape.
The Pod Security Standards (baseline) forbid hostPath volumes.]],
  remediation = "Replace the hostPath volume with an emptyDir, configMap, secret, projected or persistentVolumeClaim volume.",
}

function check.kubernetes(doc, report)
  for vol, vpath in k8s.host_path_volumes(doc) do
    report {
      path = vpath .. ".hostPath",
      message = ("%s volume %q mounts host path %s"):format(k8s.describe(doc), tostring(vol.name or "?"),
        tostring(vol.hostPath.path or "?")),
      remediation = ("In %s replace hostPath with a volume that does not reach the node, e.g.\n  - name: %s\n    emptyDir: {}\nor a persistentVolumeClaim."):format(vpath, tostring(vol.name or "data")),
    }
  end
end

return check
