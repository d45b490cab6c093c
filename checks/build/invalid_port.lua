-- invalid-port: EXPOSE (or an image's ExposedPorts) with a port outside
-- 1-65535, a reversed range, an unknown protocol or a malformed value.
local check = {
  id = "DF-027", name = "invalid-port", severity = "high", class = "hardening",
  inputs = { "dockerfile", "image", "archive" },
  title = "Invalid exposed port",
  description = [[
EXPOSE takes port numbers 1-65535 or ranges, optionally /tcp, /udp or /sctp.
Anything else fails the build or produces an image whose metadata tools
reject; a host mapping (8080:80) belongs in `docker run -p`, not EXPOSE.]],
  remediation = "Write EXPOSE <port>[/tcp|/udp|/sctp] with a port in 1-65535, e.g. EXPOSE 8080/tcp.",
}

local PROTOCOLS = { tcp = true, udp = true, sctp = true }

-- What is wrong with a port spec ("80", "8000-8010/udp"), or nil.
local function problem(p)
  local spec, proto = p:match("^([^/]*)/(.*)$")
  if not spec then spec = p end
  if proto and not PROTOCOLS[proto:lower()] then
    return ("unknown protocol %q (tcp, udp or sctp)"):format(proto)
  end
  local a, b = spec:match("^(%d+)%-(%d+)$")
  if not a then a = spec:match("^(%d+)$") end
  if not a then return "not a port number or range" end
  local lo, hi = tonumber(a), tonumber(b or a)
  if lo < 1 or lo > 65535 or hi < 1 or hi > 65535 then return "outside 1-65535" end
  if hi < lo then return "a range whose end is below its start" end
  return nil
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, "EXPOSE") do
    local raw = ins.args or ""
    for _, port in ipairs(docker.ports(ins)) do
      local p = port.text
      -- a variable without a known value is not judged
      local why = not (p == "" or (p:find("%$"))) and problem(p)
      if why and not (raw:find("%$") and p:match("^/")) then
        report {
          path = path .. ".args",
          offset = port.offset,
          container = st.name,
          message = ("EXPOSE %s is invalid: %s"):format(p, why),
        }
      end
    end
  end
end

function check.image(doc, report)
  for p, path in image.keys(doc, "ExposedPorts") do
    local why = problem(p)
    if why then report { path = path, message = ("exposed port %s is invalid: %s"):format(p, why) } end
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
