-- capabilities-not-dropped: the container keeps the runtime's default
-- capability set because its drop list lacks ALL.
-- Kubernetes: securityContext.capabilities.drop (Windows pods are exempt);
-- Compose: cap_drop. Names in any case, with or without CAP_.
local check = {
  id = "RT-007", name = "capabilities-not-dropped", severity = "medium", class = "hardening",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Container does not drop all capabilities",
  description = [[
Container runtimes grant a default set of Linux capabilities (CHOWN,
DAC_OVERRIDE, FOWNER, SETUID, SETGID, NET_RAW, …) that most processes never use
and that widen what an attacker can do after a compromise. Drop ALL and add
back only what the process needs.]],
  remediation = "Kubernetes: securityContext.capabilities.drop: [\"ALL\"] on every container. Compose: cap_drop: [ALL]. Add back only the capabilities required.",
}

local function has_all(list)
  for _, c in ipairs(type(list) == "table" and list or {}) do
    if k8s.capability(c) == "ALL" then return true end
  end
  return false
end

-- The finding's message; `set` when a drop list is there (without ALL).
local function message(set)
  return set and "drops some capabilities but not ALL" or "does not drop ALL capabilities"
end

function check.kubernetes(doc, report)
  if k8s.is_windows(k8s.pod_spec(doc)) then return end
  for c, ct in k8s.each_container(doc, report) do
    local caps, capath = k8s.capabilities(c, ct.path)
    local drop = caps and caps.drop
    if not has_all(drop) then
      ct.report {
        path = (drop ~= nil and capath .. ".drop") or (caps and capath) or ct.lacking,
        message = message(drop ~= nil),
        remediation = k8s.set_sc(ct, 'capabilities:\n  drop: ["ALL"]\n  add: ["NET_BIND_SERVICE"]   # only if it binds a port below 1024'),
        fix = { k8s.edit(ct.sc .. ".capabilities.drop", { "ALL" }) },
      }
    end
  end
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    if not has_all(svc.cap_drop) then
      local set = svc.cap_drop ~= nil
      s.report {
        path = set and s.path .. ".cap_drop" or s.path,
        message = message(set),
        remediation = k8s.set_in(s.path, "cap_drop:\n  - ALL\ncap_add:          # only what the process needs, e.g.\n  - NET_BIND_SERVICE"),
        fix = { k8s.edit(s.path .. ".cap_drop", { "ALL" }) },
      }
    end
  end
end

-- Running container. Docker: HostConfig.CapDrop lacks ALL. Podman lists in
-- CapDrop only what it removed from its own default set, and the effective
-- set in EffectiveCaps: a capability effective but not added is kept.
function check.container(doc, report)
  local hc = inspect.host(doc)
  local s = inspect.subject(doc, report)
  local rem = "Recreate the container with --cap-drop ALL, then --cap-add only what the process needs (e.g. --cap-add NET_BIND_SERVICE)."
  if type(doc.EffectiveCaps) == "table" then
    local added = {}
    for _, c in ipairs(type(hc.CapAdd) == "table" and hc.CapAdd or {}) do added[inspect.capability(c) or ""] = true end
    local kept = {}
    for _, c in ipairs(doc.EffectiveCaps) do
      local n = inspect.capability(c)
      if n and not added[n] then kept[#kept + 1] = n end
    end
    if #kept > 0 then
      s.report { path = "EffectiveCaps", remediation = rem,
                 message = ("keeps the runtime's default capabilities (%s)"):format(table.concat(kept, ", ")) }
    end
    return
  end
  if not has_all(hc.CapDrop) then
    local set = type(hc.CapDrop) == "table" and #hc.CapDrop > 0
    s.report { path = set and "HostConfig.CapDrop" or inspect.host_path(doc, "CapDrop"), message = message(set), remediation = rem }
  end
end

return check
