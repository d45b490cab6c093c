-- system-dir-workdir: WORKDIR under a kernel or boot directory.
local check = {
  id = "DF-012", name = "system-dir-workdir", severity = "high", class = "hardening",
  inputs = { "dockerfile" },
  title = "WORKDIR in a system directory",
  description = [[
WORKDIR creates the directory and runs every later instruction and the
container's process there. Under /proc, /sys or /dev it writes into kernel
interfaces (or fails at run time when they are mounted); under /boot it writes
where the host's kernel lives when that is mounted.]],
  remediation = "Use an application directory: WORKDIR /app.",
}

local ROOTS = { "/proc", "/sys", "/dev", "/boot" }

function check.dockerfile(doc, report)
  for ins, path, st in docker.instructions(doc, "WORKDIR") do
    local dir = docker.workdir(ins)
    local clean = k8s.clean_path(dir)
    for _, r in ipairs(ROOTS) do
      if clean == r or clean:sub(1, #r + 1) == r .. "/" then
        report {
          path = path .. ".args",
          container = st.name,
          message = ("WORKDIR %s is under %s"):format(dir, r),
        }
        break
      end
    end
  end
end

return check
