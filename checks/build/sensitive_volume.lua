-- sensitive-volume: a VOLUME over /sys, /proc, /dev or a container runtime
-- socket. Dockerfile VOLUME instructions and image config Volumes.
local function sensitive(p)
  if type(p) ~= "string" then return nil end
  p = k8s.clean_path(p)
  for _, root in ipairs({ "/proc", "/sys", "/dev" }) do
    if p == root or p:sub(1, #root + 1) == root .. "/" then return root end
  end
  local base = p:match("([^/]+)$") or ""
  if base == "docker.sock" or base == "containerd.sock" or base == "crio.sock"
     or base == "podman.sock" or base == "cri-dockerd.sock" then
    return "a container runtime socket"
  end
  return nil
end

return {
  id = "DF-011",
  name = "sensitive-volume",
  severity = "high",
  inputs = { "dockerfile", "image" },
  title = "VOLUME over a sensitive path",
  description = [[
A VOLUME over /proc, /sys or /dev shadows kernel interfaces the container
needs, and invites running it with the host's directories mounted there; a
VOLUME at a runtime socket path exists to receive the host's Docker or
containerd socket, which gives root on the host.]],
  remediation = "Remove the VOLUME; declare volumes only for application data directories (e.g. VOLUME /var/lib/app).",
  frameworks = { cis_docker = "5.6" },

  run = function(doc, report)
    if doc.stages then
      for i, st in ipairs(doc.stages) do
        for ins, path in docker.each(doc, i, "VOLUME") do
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
      return
    end
    local vols = type(doc.config) == "table" and doc.config.Volumes
    if type(vols) ~= "table" then return end
    local names = {}
    for k in pairs(vols) do names[#names + 1] = k end
    table.sort(names)
    for _, p in ipairs(names) do
      local why = sensitive(p)
      if why then
        report {
          path = ("config.Volumes[%q]"):format(p),
          message = ("image volume %s is over %s"):format(p, why),
          remediation = ("Rebuild the image without VOLUME %s."):format(p),
        }
      end
    end
  end,
}
