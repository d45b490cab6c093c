-- capabilities-not-dropped: the container keeps the runtime's default
-- capability set because its drop list lacks ALL.
-- Kubernetes: securityContext.capabilities.drop (Windows pods are exempt);
-- Compose: cap_drop. Names in any case, with or without CAP_.
local check = {
  id = "RT-007", name = "capabilities-not-dropped", severity = "medium",
  inputs = { "kubernetes", "compose" }, kinds = "workloads",
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
      }
    end
  end
end

return check
