-- k8s.lua — Kubernetes helpers every check needs: where the pod spec of each
-- workload kind lives, every container of it with its path, and the effective
-- security context (container level overrides pod level, field by field).
-- Paths use 0-based indices: "spec.template.spec.containers[0]".
-- Below the Kubernetes basics: path helpers for every input (item, list,
-- deepest, sorted_keys, rows), remediation text (set_in, set_sc), subjects
-- that carry what report needs (pod, each_container, security_contexts,
-- added_capabilities) and handler builders for twin checks
-- (host_namespace, missing_limit). Each is documented where it is defined
-- and in docs/writing-checks.md.
local M = {}

-- Where the pod spec and the pod template metadata live, per workload kind.
local spec_path = { Pod = "spec", PodTemplate = "template.spec", CronJob = "spec.jobTemplate.spec.template.spec" }
-- DeploymentConfig: OpenShift's Deployment (apps.openshift.io/v1), the same template.
for _, kind in ipairs({ "Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "ReplicationController", "Job", "DeploymentConfig" }) do
  spec_path[kind] = "spec.template.spec"
end

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

-- An iterator over a list of rows (tables), each returned as its first n
-- values: for a, b in k8s.rows({ { 1, 2 }, { 3, 4 } }, 2) do … end. The
-- first value of a row must not be nil (it ends a for loop).
local function rows(items, n)
  local i = 0
  return function()
    i = i + 1
    local it = items[i]
    if it then return table.unpack(it, 1, n) end
  end
end
M.rows = rows

-- The pod spec of a workload document and its path, or nil.
function M.pod_spec(doc)
  local path = spec_path[doc.kind]
  if not path then return nil end
  local spec = dig(doc, path)
  if type(spec) ~= "table" then return nil end
  return spec, path
end

-- A workload's pod, computed once per document (plimsoll.once: shared by
-- every check, read-only): p.spec, p.path and, flat (one table is cheap to
-- freeze), five values per container in the order of k8s.container_lists:
-- p[5i-4..5i] = c, path, list, path .. ".securityContext", k8s.lacking(c, path).
-- {} for a document without a pod spec.
local function compute_pod(doc)
  local spec, path = M.pod_spec(doc)
  if not spec then return {} end
  local p = { spec = spec, path = path }
  for _, list in ipairs(M.container_lists) do
    for i, c in ipairs(type(spec[list]) == "table" and spec[list] or {}) do
      if type(c) == "table" then
        local cpath = ("%s.%s[%d]"):format(path, list, i - 1)
        local sc = cpath .. ".securityContext"
        local n = #p
        p[n + 1], p[n + 2], p[n + 3], p[n + 4] = c, cpath, list, sc
        p[n + 5] = type(c.securityContext) == "table" and sc or cpath
      end
    end
  end
  return p
end

local function pod_of(doc) return plimsoll.once(doc, compute_pod) end
local function none() return nil end

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
  local p, k = pod_of(doc), 0
  return function()
    local c = p[k + 1]
    if c == nil then return nil end
    k = k + 5
    return c, p[k - 3], p[k - 2], p.spec, p.path
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
        items[#items + 1] = { v, ("%s.volumes[%d]"):format(sp, i - 1), M.clean_path(v.hostPath.path), spec, sp }
      end
    end
  end
  return rows(items, 5)
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


-- ---------------------------------------------------------------- paths
-- Path helpers for every input (Compose and image paths use the same syntax).

-- The path of item i (1-based, as Lua counts) of the list at path:
-- k8s.item("spec.volumes", 3) → "spec.volumes[2]".
function M.item(path, i)
  return ("%s[%d]"):format(path, i - 1)
end

-- Iterate the list t[key] with each item's path (nothing when t or t[key] is
-- not a table, whatever path is; stops at the first nil, like ipairs):
--   for p, ppath, i in k8s.list(c, "ports", cpath) do … end   -- "….ports[0]"
function M.list(t, key, path)
  local l = type(t) == "table" and t[key] or nil
  if type(l) ~= "table" then return none end
  local base = path .. M.key(key)
  local i = 0
  return function()
    i = i + 1
    local v = l[i]
    if v ~= nil then return v, M.item(base, i), i end
  end
end

-- The path of the deepest table that exists along the dotted keys below t:
-- where to point when the last of them lacks something.
-- k8s.deepest(c, cpath, "resources.limits") → cpath, cpath.resources or
-- cpath.resources.limits.
function M.deepest(t, path, keys)
  for k in keys:gmatch("[^.]+") do
    if type(t) ~= "table" or type(t[k]) ~= "table" then break end
    t, path = t[k], path .. "." .. k
  end
  return path
end

-- The keys of table t in sorted order (only those keep(k) accepts, if given);
-- {} when t is not a table.
function M.sorted_keys(t, keep)
  local keys = {}
  if type(t) ~= "table" then return keys end
  for k in pairs(t) do
    if not keep or keep(k) then keys[#keys + 1] = k end
  end
  table.sort(keys)
  return keys
end

-- ------------------------------------------------------- remediation text

-- One edit of a report's `fix` list: { path = path, value = value }.
-- A fix sets each path to its value, creating the maps on the way; a list
-- value replaces the whole list. k8s.edit(ct.sc .. ".privileged", false).
function M.edit(path, value)
  return { path = path, value = value }
end

-- A Kubernetes quantity as it can be written back into a fix: a string as
-- it is, a number as its text (memory: 1 → "1"), anything else nil.
function M.quantity(v)
  if type(v) == "string" and v ~= "" then return v end
  if type(v) == "number" then return tostring(math.tointeger(v) or v) end
  return nil
end

-- "In <path> set:" then the YAML, indented two spaces, then `after` on a
-- line of its own when given: k8s.set_in(cpath, "resources:\n  limits: …").
function M.set_in(path, yaml, after)
  local s = ("In %s set:\n  %s"):format(path, (yaml:gsub("\n", "\n  ")))
  if after then s = s .. "\n" .. after end
  return s
end

-- The same for securityContext fields of a subject (see below): a container
-- gets "In <cpath> set:\n  securityContext:\n    <yaml>", the pod
-- "In <spec path>.securityContext set:\n  <yaml>".
function M.set_sc(s, yaml, after)
  if s.pod then return M.set_in(s.sc, yaml, after) end
  return M.set_in(s.path, "securityContext:\n  " .. yaml:gsub("\n", "\n  "), after)
end

-- --------------------------------------------------------------- subjects
-- A subject is what a finding is about, with what report needs:
--   s.path     its path ("spec.template.spec" for the pod,
--              "spec.template.spec.containers[0]" for a container)
--   s.sc       s.path .. ".securityContext"
--   s.spec, s.spec_path   the pod spec and its path
--   s.report{…}  report, the message prefixed with the subject and a space
--              ("Deployment web " for the pod, 'container "web" ' for a
--              container, which also sets container = its name)
-- A container also has s.name (c.name), s.list ("containers",
-- "initContainers" or "ephemeralContainers") and s.lacking (k8s.lacking);
-- the pod has s.pod = true.

-- The pod of a workload as a subject, or nil.
function M.pod(doc, report)
  local spec, sp = M.pod_spec(doc)
  if not spec then return nil end
  return {
    pod = true, spec = spec, spec_path = sp, path = sp, sc = sp .. ".securityContext",
    report = function(t)
      t.message = M.describe(doc) .. " " .. t.message
      report(t)
    end,
  }
end

local function container_subject(p, k, report)
  local c = p[k + 1]
  return {
    name = c.name, path = p[k + 2], list = p[k + 3], sc = p[k + 4], lacking = p[k + 5],
    spec = p.spec, spec_path = p.path,
    report = function(t)
      t.container = c.name
      t.message = ("container %q %s"):format(c.name or "?", t.message)
      report(t)
    end,
  }
end

-- Iterate every container (as k8s.containers) with its subject:
--   for c, ct in k8s.each_container(doc, report) do
--     ct.report { path = ct.sc .. ".privileged", message = "runs privileged" }
--   end
function M.each_container(doc, report)
  local p, k = pod_of(doc), 0
  return function()
    local c = p[k + 1]
    if c == nil then return nil end
    k = k + 5
    return c, container_subject(p, k - 5, report)
  end
end

-- The pod, then every container: for s, sc, c in k8s.security_contexts(doc, report)
-- s is the subject, sc its securityContext (nil when absent or not a map), c
-- the container (nil for the pod).
local function sc_of(x) return type(x.securityContext) == "table" and x.securityContext or nil end
function M.security_contexts(doc, report)
  local pod = M.pod(doc, report)
  if not pod then return none end
  local it, first = M.each_container(doc, report), true
  return function()
    if first then
      first = false
      return pod, sc_of(pod.spec), nil
    end
    local c, ct = it()
    if c then return ct, sc_of(c), c end
  end
end

-- Every capability the containers of a Linux pod add (Windows pods are
-- skipped: capabilities do not apply there):
--   for raw, n, at, ct in k8s.added_capabilities(doc, report) do … end
-- raw is the entry as written, n its name in one spelling (k8s.capability;
-- nil for a non-string), at its path (ct.sc .. ".capabilities.add[0]"), ct
-- the container's subject.
function M.added_capabilities(doc, report)
  local items = {}
  if not M.is_windows(M.pod_spec(doc)) then
    for c, ct in M.each_container(doc, report) do
      local caps, capath = M.capabilities(c, ct.path)
      for raw, at in M.list(caps, "add", capath) do items[#items + 1] = { raw, M.capability(raw), at, ct } end
    end
  end
  return rows(items, 4)
end

-- Report subject s when its securityContext sc sets <field>.type: Unconfined
-- (field "seccompProfile" or "appArmorProfile"); the fix sets RuntimeDefault.
function M.report_unconfined(sc, s, field)
  if not sc or dig(sc, field .. ".type") ~= "Unconfined" then return end
  local at = ("%s.%s.type"):format(s.sc, field)
  s.report {
    path = at,
    message = ("sets %s Unconfined%s"):format(field, s.pod and " for the whole pod" or ""),
    remediation = M.set_sc(s, field .. ":\n  type: RuntimeDefault"),
    fix = { { path = at, value = "RuntimeDefault" } },
  }
end

-- Effective securityContext field for container c of subject ct (see
-- k8s.effective): value, path of the key that set it.
function M.effective_of(c, ct, field)
  return M.effective(ct.spec, ct.spec_path, c, ct.path, field)
end

-- The pod template's annotations (an empty table when there are none) and
-- their path ("spec.template.metadata.annotations"; nil for kinds without a pod).
function M.annotations(doc)
  local meta, mpath = M.pod_metadata(doc)
  local ann = type(meta) == "table" and type(meta.annotations) == "table" and meta.annotations or {}
  return ann, mpath and mpath .. ".annotations"
end

-- True for a workload whose pods run until stopped: not a Job or CronJob,
-- restartPolicy unset or Always.
function M.long_running(doc)
  local spec = M.pod_spec(doc)
  if not spec or doc.kind == "Job" or doc.kind == "CronJob" then return false end
  return spec.restartPolicy == nil or spec.restartPolicy == "Always"
end

-- ------------------------------------------------------------- builders
-- Handlers shared by twin checks: check.kubernetes = k8s.host_namespace("hostPID").

-- The pod sets spec.<field>: true (hostPID, hostIPC, hostNetwork).
function M.host_namespace(field)
  return function(doc, report)
    local p = M.pod(doc, report)
    if p and p.spec[field] == true then
      local at = p.path .. "." .. field
      p.report {
        path = at, message = ("sets %s: true"):format(field),
        remediation = ("Delete %s (it defaults to false) or set it to false."):format(at),
        fix = { { path = at, value = false } },
      }
    end
  end
end

-- A regular or init container lacks resources.limits.<key>; `label` names the
-- resource in the message ("CPU"), `yaml` is what to set in the container,
-- `value` the limit the fix sets (a quantity string, "500m"): the container's
-- own request when it has one instead, since a limit below the request is
-- rejected by the API server.
function M.missing_limit(key, label, yaml, value)
  return function(doc, report)
    for c, ct in M.each_container(doc, report) do
      if ct.list ~= "ephemeralContainers" and dig(c, "resources.limits." .. key) == nil then
        local req = dig(c, "resources.requests." .. key)
        ct.report {
          path = M.deepest(c, ct.path, "resources.limits"),
          message = ("has no %s limit"):format(label),
          remediation = M.set_in(ct.path, yaml),
          fix = { M.edit(ct.path .. ".resources.limits." .. key, M.quantity(req) or value) },
        }
      end
    end
  end
end

return M
