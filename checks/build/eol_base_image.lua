-- eol-base-image: a FROM image whose OS release or language runtime is past
-- its end of life, judged against the dated table in checks/lib/eol.lua
-- (documented in frameworks/eol.md) and plimsoll.today. Unknown images and
-- tags give no finding.
local check = {
  id = "DF-013", name = "eol-base-image", severity = "high", class = "risk",
  inputs = { "dockerfile", "archive" },
  title = "Base image past end of life",
  description = [[
An operating system release or language runtime past its end of life gets no
security fixes: every vulnerability found after that date stays in the image
for good. The dates come from the vendors' schedules, in a dated table shipped
with plimsoll (frameworks/eol.md).]],
  remediation = "Move the FROM line to a supported release of the same image (e.g. python:3.13-slim, node:22-alpine, debian:bookworm-slim).",
}

-- "Python 2.7 ended on 2020-01-01", "Debian 9 (stretch) ended on 2022-06-30"
local function ended(row)
  local rel = row.cycle == "*" and "" or (" " .. row.cycle .. (row.codename and (" (" .. row.codename .. ")") or ""))
  return ("%s%s ended on %s"):format(eol.product_names[row.product] or row.product, rel, row.eol)
end

function check.dockerfile(doc, report)
  local today = plimsoll.today or "9999-12-31"
  for _, path, st in docker.instructions(doc, "FROM") do
    local base = st.base or ""
    if not docker.is_stage_or_scratch(doc, st) and base ~= "" and not base:find("%$") then
      local parts = {}
      for _, row in ipairs(eol.releases(docker.parse_image(base))) do
        if row.eol < today then parts[#parts + 1] = ended(row) end
      end
      if #parts > 0 then
        report {
          path = path .. ".args",
          container = st.name,
          message = ("FROM %s is past end of life: %s"):format(base, table.concat(parts, "; ")),
        }
      end
    end
  end
end

-- An image read from an archive: its os-release (ID, VERSION_ID) against
-- the same table, and the image's own name when it is a runtime image
-- (python:3.7). Rocky Linux, AlmaLinux and Oracle Linux follow RHEL's
-- dates; rolling distributions (Wolfi, Arch, openSUSE Tumbleweed) never end.
local OS_PRODUCT = { debian = "debian", ubuntu = "ubuntu", alpine = "alpine", rhel = "rhel", centos = "centos",
                     rocky = "rhel", almalinux = "rhel", ol = "rhel", fedora = "fedora", amzn = "amazonlinux" }

function check.archive(doc, report)
  local today = plimsoll.today or "9999-12-31"
  local parts, seen = {}, {}
  local r = doc.release
  local product = r and OS_PRODUCT[r.id or ""]
  if product and r.version_id then
    local version = r.version_id
    if product == "centos" and (r.name or ""):find("Stream") then version = "stream" .. version end
    local row = eol.lookup(product, version)
    if row and row.eol < today then
      parts[#parts + 1] = ended(row) .. (" (%s)"):format(r.file or "/etc/os-release")
      seen[row.product] = true
    end
  end
  for _, name in ipairs(doc.image.names or {}) do
    for _, row in ipairs(eol.releases(docker.parse_image(name))) do
      if row.eol < today and not seen[row.product] then
        parts[#parts + 1] = ended(row) .. (" (image %s)"):format(name)
        seen[row.product] = true
      end
    end
  end
  if #parts > 0 then
    report {
      path = r and "release" or "image",
      message = ("image %s is past end of life: %s"):format(doc.image.name, table.concat(parts, "; ")),
      remediation = "Rebuild the image on a supported release of its base (e.g. debian:bookworm-slim, alpine:3.22, ubi9) and scan it again.",
    }
  end
end

return check
