-- daemon.lua — the Docker daemon's configuration file (/etc/docker/daemon.json,
-- the `daemon` input). A key that is absent means the daemon's default, as
-- dockerd documents it; flags given to dockerd on its command line (the
-- systemd unit) are not in the file and not seen here.
local M = {}

-- dockerd's defaults for the keys the checks read.
M.DEFAULTS = {
  icc = true, iptables = true, ["log-level"] = "info", ["live-restore"] = false, ["userland-proxy"] = true,
  experimental = false, ["no-new-privileges"] = false, ["log-driver"] = "json-file", tlsverify = false,
}

-- The path of key at the top of daemon.json (keys with dots quoted).
function M.path(key)
  if key:find("[%.%[%]/\"]") then return ('["%s"]'):format(key) end
  return key
end

-- The value of key (the default when absent), the path a finding points at
-- (the key, or the top of the file when absent) and whether the file sets it.
function M.get(doc, key)
  local v = doc[key]
  if v == nil then return M.DEFAULTS[key], "", false end
  return v, M.path(key), true
end

-- True for a boolean setting written as JSON true (or the string "true").
function M.truthy(v) return v == true or v == "true" end

-- Remediation: set key to json (its JSON text) in daemon.json.
function M.set(key, json, after)
  local s = ('In /etc/docker/daemon.json set "%s": %s, then restart the daemon (systemctl restart docker).'):format(key, json)
  if after then s = s .. " " .. after end
  return s
end

-- A builder for boolean keys: report when the effective value of key is not
-- `want`. `what` says what the wrong value does (the message's tail).
function M.want_bool(key, want, what, after)
  after = after or false   -- never nil: a nil upvalue is not module state the engine can record
  return function(doc, report)
    local v, at, set = M.get(doc, key)
    if M.truthy(v) == want then return end
    report {
      path = at, remediation = M.set(key, tostring(want), after),
      message = set and ('sets "%s": %s: %s'):format(key, tostring(v), what)
        or ('does not set "%s" (default %s): %s'):format(key, tostring(M.DEFAULTS[key]), what),
    }
  end
end

-- The TCP listeners of "hosts" as { url, path } (tcp:// entries).
function M.tcp_hosts(doc)
  local out = {}
  for h, at in k8s.list(doc, "hosts", "") do
    if type(h) == "string" and h:lower():match("^tcp://") then out[#out + 1] = { url = h, path = at:gsub("^%.", "") } end
  end
  return out
end

return M
