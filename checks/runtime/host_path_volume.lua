-- host-path-volume: a pod mounts a directory or file of the node (hostPath);
-- a Compose service bind-mounts a host path outside its project directory (an
-- absolute path, ~, a path that climbs out with "..", or a variable without a
-- value). Binding a folder of the project ("./src:/app") is how Compose is
-- used for development and is not reported.
local check = {
  id = "RT-014", name = "host-path-volume", severity = "medium", class = "risk",
  inputs = { "kubernetes", "compose" }, kinds = "workloads",
  supersedes = { "restricted-volume-type" },
  title = "Pod or service mounts a host path",
  description = [[
A hostPath volume exposes the node's filesystem to the pod: it ties the pod to
one node, bypasses storage quotas and, when writable or pointing at system
paths, is a direct route to the node's credentials and to container escape.
The Pod Security Standards (baseline) forbid hostPath volumes. A Compose bind
mount of a host path outside the project does the same to the Docker host.]],
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

-- The host path a bind source names outside the project, or nil.
local function outside_project(src)
  if type(src) ~= "string" or src == "" then return nil end
  if hostpaths.unresolved(src) then return src end
  if src:sub(1, 1) == "/" or src:sub(1, 1) == "~" then return src end
  if src:match("^%a:[/\\]") then return src end -- C:\data
  if k8s.clean_path(src):sub(1, 2) == ".." then return src end
  return nil
end

function check.compose(doc, report)
  for v, s in compose.each_volume(doc, report) do
    local src = v.type == "bind" and outside_project(v.source)
    if src then
      s.report {
        path = v.long and v.path .. ".source" or v.path,
        message = ("bind-mounts the host path %s%s"):format(src, v.target and (" at " .. tostring(v.target)) or ""),
        remediation = ("In %s.volumes use a named volume (\"data:%s\" with data declared under the top-level volumes:) instead of the host path %s; if the service needs host files, bind only what it needs, read-only."):format(
          s.path, tostring(v.target or "/data"), src),
      }
    end
  end
end

return check
