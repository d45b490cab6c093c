-- k8s.lua — Kubernetes helpers every check needs: where the pod spec of each
-- workload kind lives, every container of it with its path, and the effective
-- security context (container level overrides pod level, field by field).
-- Paths use 0-based indices: "spec.template.spec.containers[0]".
local M = {}

-- Where the pod spec and the pod template metadata live, per workload kind.
local spec_path = {
  Pod = "spec",
  PodTemplate = "template.spec",
  Deployment = "spec.template.spec",
  StatefulSet = "spec.template.spec",
  DaemonSet = "spec.template.spec",
  ReplicaSet = "spec.template.spec",
  ReplicationController = "spec.template.spec",
  Job = "spec.template.spec",
  CronJob = "spec.jobTemplate.spec.template.spec",
}

M.workload_kinds = {}
for kind in pairs(spec_path) do M.workload_kinds[kind] = true end

M.container_lists = { "initContainers", "containers", "ephemeralContainers" }

-- Follow a dotted path (no indices) from t; nil when any step is missing.
local function dig(t, path)
  for key in path:gmatch("[^.]+") do
    if type(t) ~= "table" then return nil end
    t = t[key]
  end
  return t
end
M.dig = dig

-- The pod spec of a workload document and its path, or nil.
function M.pod_spec(doc)
  local path = spec_path[doc.kind]
  if not path then return nil end
  local spec = dig(doc, path)
  if type(spec) ~= "table" then return nil end
  return spec, path
end

-- The pod metadata (labels, annotations) of a workload and its path, or nil.
function M.pod_metadata(doc)
  local path = spec_path[doc.kind]
  if not path then return nil end
  local mpath = path:gsub("spec$", "metadata")
  if doc.kind == "Pod" then mpath = "metadata" end
  local meta = dig(doc, mpath)
  if type(meta) ~= "table" then return nil, mpath end
  return meta, mpath
end

-- Iterate every container of a workload:
--   for c, path, list, spec, spec_path in k8s.containers(doc) do ... end
-- list is "containers", "initContainers" or "ephemeralContainers".
function M.containers(doc)
  local spec, sp = M.pod_spec(doc)
  local items = {}
  if spec then
    for _, list in ipairs(M.container_lists) do
      local cs = spec[list]
      if type(cs) == "table" then
        for i, c in ipairs(cs) do
          if type(c) == "table" then
            items[#items + 1] = { c, ("%s.%s[%d]"):format(sp, list, i - 1), list }
          end
        end
      end
    end
  end
  local i = 0
  return function()
    i = i + 1
    local it = items[i]
    if it then return it[1], it[2], it[3], spec, sp end
  end
end

-- Effective value of securityContext field `field` for container c:
-- returns value, path-of-the-key-that-set-it (container first, then pod).
-- Pod-level securityContext (PodSecurityContext) has runAsUser, runAsGroup,
-- runAsNonRoot, seccompProfile, seLinuxOptions, appArmorProfile,
-- windowsOptions, fsGroup, supplementalGroups, sysctls.
local pod_level = {
  runAsUser = true, runAsGroup = true, runAsNonRoot = true, seccompProfile = true,
  seLinuxOptions = true, appArmorProfile = true, windowsOptions = true,
}
function M.effective(spec, spec_path_, c, cpath, field)
  local csc = type(c.securityContext) == "table" and c.securityContext or nil
  if csc and csc[field] ~= nil then
    return csc[field], cpath .. ".securityContext." .. field
  end
  if pod_level[field] then
    local psc = type(spec.securityContext) == "table" and spec.securityContext or nil
    if psc and psc[field] ~= nil then
      return psc[field], spec_path_ .. ".securityContext." .. field
    end
  end
  return nil, nil
end

-- Quote a map key for a path when it holds dots or slashes: annotations.
function M.key(k)
  if k:find("[%.%[%]/\"]") then return '["' .. k:gsub('"', '\\"') .. '"]' end
  return "." .. k
end

-- "kind namespace/name" for messages.
function M.describe(doc)
  local md = type(doc.metadata) == "table" and doc.metadata or {}
  return ("%s %s"):format(doc.kind or "?", md.name or md.generateName or "?")
end

-- True when the pod declares spec.os.name: windows (Linux-only checks skip it).
function M.is_windows(spec)
  return type(spec) == "table" and type(spec.os) == "table" and spec.os.name == "windows"
end

-- A capability name in one spelling: "cap_sys_admin", "SYS_ADMIN" → "SYS_ADMIN".
-- Used for Kubernetes capabilities and Compose cap_add / cap_drop alike.
function M.capability(s)
  if type(s) ~= "string" then return nil end
  s = s:upper():gsub("^%s+", ""):gsub("%s+$", "")
  return (s:gsub("^CAP_", ""))
end

-- The capabilities map of container c and its path, or nil.
function M.capabilities(c, cpath)
  local sc = type(c.securityContext) == "table" and c.securityContext or nil
  local caps = sc and type(sc.capabilities) == "table" and sc.capabilities or nil
  return caps, cpath .. ".securityContext.capabilities"
end

-- Where a container that lacks securityContext.<field> should be pointed at:
-- its securityContext when it has one, else the container itself.
function M.lacking(c, cpath)
  if type(c.securityContext) == "table" then return cpath .. ".securityContext" end
  return cpath
end

-- A host path in one spelling: "//var/run/./docker.sock/" → "/var/run/docker.sock".
-- Resolves "." and ".." lexically; keeps relative paths relative. Also used
-- for Compose bind sources.
function M.clean_path(p)
  if type(p) ~= "string" or p == "" then return p end
  local abs = p:sub(1, 1) == "/"
  local parts = {}
  for seg in p:gmatch("[^/]+") do
    if seg == ".." then
      if #parts > 0 and parts[#parts] ~= ".." then parts[#parts] = nil
      elseif not abs then parts[#parts + 1] = seg end
    elseif seg ~= "." then parts[#parts + 1] = seg end
  end
  local out = table.concat(parts, "/")
  if abs then return "/" .. out end
  return out == "" and "." or out
end

-- Iterate the hostPath volumes of a workload:
--   for vol, vpath, hostpath, spec, spec_path in k8s.host_path_volumes(doc)
-- vpath is "spec.volumes[2]"; hostpath the cleaned hostPath.path (or nil).
function M.host_path_volumes(doc)
  local spec, sp = M.pod_spec(doc)
  local items = {}
  if spec and type(spec.volumes) == "table" then
    for i, v in ipairs(spec.volumes) do
      if type(v) == "table" and type(v.hostPath) == "table" then
        items[#items + 1] = { v, ("%s.volumes[%d]"):format(sp, i - 1), M.clean_path(v.hostPath.path) }
      end
    end
  end
  local i = 0
  return function()
    i = i + 1
    local it = items[i]
    if it then return it[1], it[2], it[3], spec, sp end
  end
end

-- True when every volumeMount of volume `name` in the pod is readOnly and
-- there is at least one (a volume nobody mounts is harmless too: true).
function M.mounted_read_only(doc, name)
  for c in M.containers(doc) do
    for _, m in ipairs(type(c.volumeMounts) == "table" and c.volumeMounts or {}) do
      if type(m) == "table" and m.name == name and m.readOnly ~= true then return false end
    end
  end
  return true
end

return M
