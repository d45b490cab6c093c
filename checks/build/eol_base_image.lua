-- eol-base-image: a FROM image whose OS release or language runtime is past
-- its end of life, judged against the dated table in checks/lib/eol.lua
-- (documented in frameworks/eol.md) and plimsoll.today. Unknown images and
-- tags give no finding.

-- Image (last path component) → product whose version leads the tag.
local runtime = {
  ubuntu = "ubuntu", debian = "debian", alpine = "alpine", centos = "centos", fedora = "fedora",
  amazonlinux = "amazonlinux", python = "python", node = "nodejs", golang = "go", php = "php",
  ruby = "ruby", openjdk = "openjdk", ["eclipse-temurin"] = "temurin", adoptopenjdk = "adoptopenjdk",
}

-- Rows that apply to one image reference (deduplicated by product).
local function releases(ref)
  local name, tag = docker.parse_image(ref)
  if not name or name == "" then return {} end
  name = name:lower()
  tag = tag or ""
  local comps = {}
  for c in name:gmatch("[^/]+") do comps[#comps + 1] = c end
  local last = comps[#comps] or ""
  local out, seen = {}, {}
  local function add(row)
    if row and not seen[row.product] then seen[row.product] = true; out[#out + 1] = row end
  end
  -- Red Hat: registry.access.redhat.com/ubi8/ubi-minimal, ubi9, rhel7
  for _, c in ipairs(comps) do
    local n = c:match("^ubi(%d+)") or c:match("^rhel(%d+)")
    if n then add(eol.lookup("rhel", n)) end
    if c == "adoptopenjdk" then add(eol.lookup("adoptopenjdk", "*")) end
  end
  local tokens = {}
  for t in tag:gmatch("[^%-]+") do tokens[#tokens + 1] = t end
  local product = runtime[last]
  if product and tokens[1] then
    local first = tokens[1]
    if product == "centos" then first = first:gsub("^centos", "") end
    if product == "amazonlinux" and first:match("^2%.0%.") then first = "2" end
    add(eol.lookup(product, first))
  end
  -- distribution named in the tag: stretch, focal, alpine3.12, centos7
  for k, t in ipairs(tokens) do
    local row = eol.codename[t]
    if row and (k > 1 or product == nil or product == row.product) then add(row) end
    local a = t:match("^alpine(%d+%.%d+)$")
    if a then add(eol.lookup("alpine", a)) end
    local c = k > 1 and t:match("^centos(%d+)$")
    if c then add(eol.lookup("centos", c)) end
  end
  return out
end

return {
  id = "DF-013",
  name = "eol-base-image",
  severity = "high",
  inputs = { "dockerfile" },
  title = "Base image past end of life",
  description = [[
An operating system release or language runtime past its end of life gets no
security fixes: every vulnerability found after that date stays in the image
for good. The dates come from the vendors' schedules, in a dated table shipped
with plimsoll (frameworks/eol.md).]],
  remediation = "Move the FROM line to a supported release of the same image (e.g. python:3.13-slim, node:22-alpine, debian:bookworm-slim).",
  frameworks = { cis_docker = "4.4" },

  run = function(doc, report)
    local today = plimsoll.today or "9999-12-31"
    for i, st in ipairs(doc.stages) do
      local base = st.base or ""
      if not docker.is_stage_or_scratch(doc, st) and base ~= "" and not base:find("%$") then
        local ended = {}
        for _, row in ipairs(releases(base)) do
          if row.eol < today then ended[#ended + 1] = row end
        end
        if #ended > 0 then
          local parts = {}
          for _, row in ipairs(ended) do
            local rel = row.cycle == "*" and "" or (" " .. row.cycle .. (row.codename and (" (" .. row.codename .. ")") or ""))
            parts[#parts + 1] = ("%s%s ended on %s"):format(eol.product_names[row.product] or row.product, rel, row.eol)
          end
          report {
            path = docker.instr_path(i, 1) .. ".args",
            container = st.name,
            message = ("FROM %s is past end of life: %s"):format(base, table.concat(parts, "; ")),
          }
        end
      end
    end
  end,
}
