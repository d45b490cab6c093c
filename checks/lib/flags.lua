-- flags.lua — Kubernetes node documents (the `node` input): which component a
-- document configures, the command-line flags of a control-plane static pod
-- with the exact position of each, and the fields of kubelet and kube-proxy
-- configuration files with their defaults.
--
-- Flags are read as the components read them (spf13/pflag; etcd's Go flag):
-- "--flag=value", "--flag value" (the value in the next item of command or
-- args), "-flag=value" for etcd, "--flag" alone (true for a boolean flag).
-- A repeated flag: its last value for a scalar, every value for a list flag
-- (flags.list: comma lists such as --enable-admission-plugins, across
-- repetitions, the way pflag appends them). etcd also reads ETCD_<FLAG>
-- environment variables, which count when the flag is absent.
local M = {}

M.CONTROL_PLANE = { ["kube-apiserver"] = true, ["kube-controller-manager"] = true, ["kube-scheduler"] = true, etcd = true }

-- Boolean flags: "--flag" alone means true and never takes the next item.
local BOOL = {
  ["allow-privileged"] = true, ["anonymous-auth"] = true, ["auto-tls"] = true, ["client-cert-auth"] = true,
  ["enable-bootstrap-token-auth"] = true, ["enable-garbage-collector"] = true, ["kubelet-https"] = true,
  ["leader-elect"] = true, ["peer-auto-tls"] = true, ["peer-client-cert-auth"] = true, ["profiling"] = true,
  ["service-account-lookup"] = true, ["use-service-account-credentials"] = true, ["strict-reconfig-check"] = true,
  ["enable-v2"] = true, ["authentication-token-webhook"] = true, ["rotate-certificates"] = true,
  ["make-iptables-util-chains"] = true, ["protect-kernel-defaults"] = true,
}

local function basename(s) return (tostring(s):match("([^/]+)$")) or s end

-- The program a container runs: command[0], else args[0]; its base name.
local function program(c)
  for _, key in ipairs({ "command", "args" }) do
    local l = c[key]
    if type(l) == "table" and type(l[1]) == "string" then return basename(l[1]) end
  end
  return nil
end

-- The static pod's control-plane container: component, container, its path.
local function static_pod(doc)
  if doc.kind ~= "Pod" or type(doc.spec) ~= "table" then return nil end
  for c, path in k8s.list(doc.spec, "containers", "spec") do
    local prog = type(c) == "table" and program(c)
    if prog and M.CONTROL_PLANE[prog] then return prog, c, path end
  end
  return nil
end

-- The component a node document configures: "kube-apiserver",
-- "kube-controller-manager", "kube-scheduler", "etcd", "kubelet",
-- "kube-proxy", or nil. An EncryptionConfiguration is the API server's.
function M.component(doc)
  if doc.kind == "KubeletConfiguration" then return "kubelet" end
  if doc.kind == "KubeProxyConfiguration" then return "kube-proxy" end
  if doc.kind == "EncryptionConfiguration" then return "kube-apiserver" end
  return (static_pod(doc))
end

-- strconv.ParseBool: true, false, or nil when s is neither.
function M.parse_bool(s)
  if s == true or s == false then return s end
  local v = tostring(s)
  if v == "1" or v == "t" or v == "T" or v == "true" or v == "TRUE" or v == "True" then return true end
  if v == "0" or v == "f" or v == "F" or v == "false" or v == "FALSE" or v == "False" then return false end
  return nil
end

-- Parse the argv of container c (command then args) into occurrences
-- { name, value, path, offset, text } in order: value is the string after
-- "=" (or the next item), true for a flag given alone; path and offset locate
-- the value (or the flag when it has none); text is the flag as written.
local function parse(c, cpath)
  local occ = {}
  local pending
  local first = true
  for _, key in ipairs({ "command", "args" }) do
    for item, path in k8s.list(c, key, cpath) do
      if type(item) == "number" or type(item) == "boolean" then item = tostring(item) end
      if type(item) == "string" then
        local dashes, body = item:match("^(%-%-?)([^%-].*)$")
        if pending and not dashes then
          pending.value, pending.path, pending.offset, pending.text = item, path, 0, pending.text .. " " .. item
          pending = nil
        elseif dashes then
          pending = nil
          local name, value = body:match("^([^=]+)=(.*)$")
          local o = { name = name or body, path = path, text = item }
          if name then
            o.value, o.offset = value, #dashes + #name + 1
          else
            o.value, o.offset = true, 0
            if not BOOL[o.name] then pending = o end
          end
          occ[#occ + 1] = o
        elseif not first then
          pending = nil
        end
        first = false
      end
    end
  end
  return occ
end

-- etcd's ETCD_<FLAG> environment variables as occurrences (value offset in the
-- env entry's value).
local function etcd_env(c, cpath)
  local occ = {}
  for e, path in k8s.list(c, "env", cpath) do
    if type(e) == "table" and type(e.name) == "string" and e.name:match("^ETCD_") and e.value ~= nil then
      occ[#occ + 1] = { name = e.name:sub(6):lower():gsub("_", "-"), value = tostring(e.value),
                        path = path .. ".value", offset = 0, text = e.name .. "=" .. tostring(e.value), env = true }
    end
  end
  return occ
end

local function compute(doc)
  local comp, c, cpath = static_pod(doc)
  if not comp then return false end
  local f = { component = comp, container = c, path = cpath, by = {} }
  f.argv = type(c.command) == "table" and #c.command > 0 and cpath .. ".command" or cpath .. ".args"
  for _, o in ipairs(parse(c, cpath)) do
    f.by[o.name] = f.by[o.name] or {}
    table.insert(f.by[o.name], o)
  end
  if comp == "etcd" then
    for _, o in ipairs(etcd_env(c, cpath)) do
      if not f.by[o.name] then f.by[o.name] = { o } end
    end
  end
  return f
end

local function flags_of(doc)
  local f = plimsoll.once(doc, compute)
  return f or nil
end

-- The parsed flags of a control-plane static pod, or nil when doc is not one
-- of `components` (a name or a list of names). A flag set f:
--   f.component, f.container, f.path ("spec.containers[0]"), f.argv (the
--   path of the list that holds the flags: where a missing flag is reported);
--   flags.get(f, name) → the last occurrence of --name, or nil;
--   flags.list(f, name) → every comma-separated item of every --name as
--     { value, path, offset }, or nil when the flag is absent.
function M.of(doc, components)
  local f = flags_of(doc)
  if not f then return nil end
  if type(components) == "string" then return f.component == components and f or nil end
  for _, c in ipairs(components) do
    if f.component == c then return f end
  end
  return nil
end

function M.get(f, name)
  local l = f.by[name]
  return l and l[#l] or nil
end

function M.list(f, name)
  local l = f.by[name]
  if not l then return nil end
  local items = {}
  for _, o in ipairs(l) do
    if type(o.value) == "string" then
      local pos = 1
      for item in (o.value .. ","):gmatch("([^,]*),") do
        local lead = #(item:match("^%s*"))
        local v = item:gsub("^%s+", ""):gsub("%s+$", "")
        if v ~= "" then items[#items + 1] = { value = v, path = o.path, offset = o.offset + pos - 1 + lead } end
        pos = pos + #item + 1
      end
    end
  end
  return items
end

-- True when the list flag holds item (case-sensitive, as Kubernetes compares);
-- also the item record.
function M.has(items, item)
  for _, it in ipairs(items or {}) do
    if it.value == item then return true, it end
  end
  return false
end

-- A flag for messages, as written: "--name=value", "--name value", "--name",
-- or an etcd environment variable "ETCD_NAME=value".
function M.show(o)
  return o.text
end

-- A node document as a subject: s.who is the component ("kube-apiserver",
-- "kubelet"), s.report{…} prefixes the message with it.
function M.subject(doc, report, comp)
  local s = { who = comp or M.component(doc) or "node" }
  s.report = function(t)
    t.message = s.who .. " " .. t.message
    report(t)
  end
  return s
end

-- Remediation: add a flag to a static pod's command.
function M.add_flag(f, text)
  return ("Add %s to %s (the %s static pod's command; the kubelet restarts the pod when its manifest changes)."):format(
    text, f.argv, f.component)
end

-- Remediation: change a flag as written (an etcd environment variable stays one).
function M.change_flag(o, text)
  local name, v = text:match("^%-%-([^=]+)=(.*)$")
  if o.env and name then text = ("ETCD_%s=%s"):format((name:upper():gsub("%-", "_")), v) end
  return ("Change %s to %s (the kubelet restarts the static pod when its manifest changes)."):format(o.text, text)
end

-- ---------------------------------------------------- config files
-- A field of a KubeletConfiguration or KubeProxyConfiguration, by dotted key:
-- value (nil when absent), path of the field (or, when absent, of the deepest
-- map that exists: where to add it).
function M.field(doc, key)
  local v = k8s.dig(doc, key)
  if v ~= nil then return v, key end
  return nil, k8s.deepest(doc, "", key):gsub("^%.", "")
end

-- Remediation: set a field of a configuration file, as YAML.
function M.set_field(doc, key, yaml)
  local kubelet = doc.kind == "KubeletConfiguration"
  local what = kubelet and "the kubelet configuration (/var/lib/kubelet/config.yaml)"
    or "the kube-proxy configuration (ConfigMap kube-system/kube-proxy, key config.conf)"
  local restart = kubelet and "then restart the kubelet (systemctl restart kubelet)."
    or "then restart kube-proxy (kubectl -n kube-system rollout restart daemonset kube-proxy)."
  return ("In %s set:\n  %s\n%s"):format(what, (yaml:gsub("\n", "\n  ")), restart)
end

-- ------------------------------------------------------------- builders
-- Handlers for the common shapes of flag controls. Each takes the component(s)
-- it applies to and returns a check.node handler; `why` completes the message.

-- --flag must parse to the boolean `want`; absent, it is `default`.
function M.want_bool(components, flag, want, default, why)
  return function(doc, report)
    local f = M.of(doc, components)
    if not f then return end
    local o = M.get(f, flag)
    local v = o and M.parse_bool(o.value)
    if o == nil then v = default end
    if v == want then return end
    local s = M.subject(doc, report, f.component)
    local fixed = ("--%s=%s"):format(flag, tostring(want))
    if o then
      s.report { path = o.path, offset = o.offset, message = ("sets %s: %s"):format(M.show(o), why),
                 remediation = M.change_flag(o, fixed) }
    else
      s.report { path = f.argv, message = ("does not set --%s (default %s): %s"):format(flag, tostring(default), why),
                 remediation = M.add_flag(f, fixed) }
    end
  end
end

-- Every flag of `list` must be set to a non-empty value; `example` is the
-- remediation's value per flag (a path).
function M.want_set(components, list, why, example)
  example = example or {}   -- never nil: a nil upvalue is not module state the engine can record
  return function(doc, report)
    local f = M.of(doc, components)
    if not f then return end
    local missing = {}
    for _, flag in ipairs(list) do
      local o = M.get(f, flag)
      if not o or o.value == true or o.value == "" then missing[#missing + 1] = flag end
    end
    if #missing == 0 then return end
    local add = {}
    for _, flag in ipairs(missing) do add[#add + 1] = ("--%s=%s"):format(flag, example[flag] or "<file>") end
    local shown = {}
    for _, flag in ipairs(missing) do shown[#shown + 1] = "--" .. flag end
    M.subject(doc, report, f.component).report {
      path = f.argv, message = ("does not set %s: %s"):format(table.concat(shown, " or "), why),
      remediation = M.add_flag(f, table.concat(add, " and ")),
    }
  end
end

-- The comma list --flag (absent: `default`, a list) must hold `item`.
function M.want_item(components, flag, item, default, why, example)
  default = default or {}   -- never nil (see want_set)
  return function(doc, report)
    local f = M.of(doc, components)
    if not f then return end
    local items = M.list(f, flag)
    if items then
      if M.has(items, item) then return end
      local o = M.get(f, flag)
      M.subject(doc, report, f.component).report {
        path = o.path, offset = o.offset, message = ("sets %s, without %s: %s"):format(M.show(o), item, why),
        remediation = ("Add %s to the list of %s (e.g. %s)."):format(item, o.text, example),
      }
    else
      for _, d in ipairs(default) do
        if d == item then return end
      end
      M.subject(doc, report, f.component).report {
        path = f.argv, message = ("does not set --%s, so %s is not in it: %s"):format(flag, item, why),
        remediation = M.add_flag(f, example),
      }
    end
  end
end

-- The comma list --flag must not hold `item`.
function M.forbid_item(components, flag, item, why)
  return function(doc, report)
    local f = M.of(doc, components)
    if not f then return end
    local has, it = M.has(M.list(f, flag), item)
    if not has then return end
    M.subject(doc, report, f.component).report {
      path = it.path, offset = it.offset, message = ("has %s in --%s: %s"):format(item, flag, why),
      remediation = ("Remove %s from %s."):format(item, M.get(f, flag).text),
    }
  end
end

-- The integer --flag must be at least n (absent: `default`).
function M.want_at_least(components, flag, n, default, why)
  return function(doc, report)
    local f = M.of(doc, components)
    if not f then return end
    local o = M.get(f, flag)
    local v = o and tonumber(o.value)
    if o == nil then v = default end
    if v and v >= n then return end
    local s = M.subject(doc, report, f.component)
    if o then
      s.report { path = o.path, offset = o.offset, message = ("sets %s, below %d: %s"):format(M.show(o), n, why),
                 remediation = M.change_flag(o, ("--%s=%d"):format(flag, n)) }
    else
      s.report { path = f.argv, message = ("does not set --%s (default %s): %s"):format(flag, tostring(default), why),
                 remediation = M.add_flag(f, ("--%s=%d"):format(flag, n)) }
    end
  end
end

-- A field of a configuration file of kind `kind` (KubeletConfiguration,
-- KubeProxyConfiguration): ok(value) must hold for its effective value
-- (absent: `default`); `yaml` is the remediation's setting.
local NONE = {}   -- "no default": a nil upvalue is not module state the engine can record

function M.want_field(kind, key, ok, default, why, yaml)
  if default == nil then default = NONE end
  return function(doc, report)
    if doc.kind ~= kind then return end
    local v, at = M.field(doc, key)
    local eff = v
    if v == nil and default ~= NONE then eff = default end
    if ok(eff) then return end
    local shown = type(v) == "table" and "[…]" or tostring(v)
    M.subject(doc, report).report {
      path = at, remediation = M.set_field(doc, key, yaml),
      message = v ~= nil and ("sets %s: %s: %s"):format(key, shown, why)
        or default == NONE and ("does not set %s: %s"):format(key, why)
        or ("does not set %s (default %s): %s"):format(key, tostring(default), why),
    }
  end
end

-- One handler that runs each of the handlers given (a check whose concept
-- spans several components).
function M.each(...)
  local hs = { ... }
  return function(doc, report)
    for _, h in ipairs(hs) do h(doc, report) end
  end
end

return M
