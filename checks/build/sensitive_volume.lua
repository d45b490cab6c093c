-- sensitive-volume: a VOLUME over /sys, /proc, /dev or a container runtime
-- socket. Dockerfile VOLUME instructions and image config Volumes.
local check = {
  id = "DF-011", name = "sensitive-volume", severity = "high", class = "risk",
  inputs = { "dockerfile", "image", "archive" },
  title = "VOLUME over a sensitive path",
  description = [[
A VOLUME over /proc, /sys or /dev shadows kernel interfaces the container
needs, and invites running it with the host's directories mounted there; a
VOLUME at a runtime socket path exists to receive the host's Docker or
containerd socket, which gives root on the host.]],
  remediation = "Remove the VOLUME; declare volumes only for application data directories (e.g. VOLUME /var/lib/app).",
}

local ROOTS = { "/proc", "/sys", "/dev" }
local SOCKETS = { ["docker.sock"] = true, ["containerd.sock"] = true, ["crio.sock"] = true,
  ["podman.sock"] = true, ["cri-dockerd.sock"] = true }

-- What sensitive place the path is (a root above, or a runtime socket), or nil.
local function sensitive(p)
  if type(p) ~= "string" then return nil end
  p = k8s.clean_path(p)
  for _, root in ipairs(ROOTS) do
    if p == root or p:sub(1, #root + 1) == root .. "/" then return root end
  end
  if SOCKETS[p:match("([^/]+)$") or ""] then return "a container runtime socket" end
  return nil
end

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, "VOLUME") do
    for _, p in ipairs(ins.paths or {}) do
      local why = sensitive(p)
      if why then
        report {
          path = path .. ".args",
          offset = docker.offset_of(ins, p),
          container = st.name,
          message = ("VOLUME %s is over %s"):format(p, why),
          remediation = ("Remove %s from the VOLUME instruction on line %d."):format(p, ins.line or 0),
        }
      end
    end
  end
end

function check.image(doc, report)
  for p, path in image.keys(doc, "Volumes") do
    local why = sensitive(p)
    if why then
      report {
        path = path,
        message = ("image volume %s is over %s"):format(p, why),
        remediation = ("Rebuild the image without VOLUME %s."):format(p),
      }
    end
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
