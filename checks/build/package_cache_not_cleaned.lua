-- package-cache-not-cleaned: package caches left in a layer of the shipped image.
local check = {
  id = "DF-014", name = "package-cache-not-cleaned", severity = "low",
  inputs = { "dockerfile", "image" },
  title = "Package manager cache left in the image",
  description = [[
Package indexes and downloaded packages left in a layer add tens of megabytes to
the image and ship stale metadata. Remove them in the same RUN that created them
(a later RUN cannot shrink an earlier layer), use `apk add --no-cache`, or keep
them out of the layer with RUN --mount=type=cache. Stages that are not part of
the final image are not checked.]],
  remediation = "Clean up in the same RUN, e.g.\n  RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*",
}

-- What command c (the k-th of its RUN) leaves in the layer, or nil. kept:
-- families a cache mount covers; cleaned: family → last command cleaning it.
local function leaves(c, k, p, kept, cleaned)
  local fam = p and p.family
  if not p or kept[fam] or (cleaned[fam] or 0) > k then return nil end
  if fam == "apt" and p.action == "refresh" then
    return ("`%s update` leaves /var/lib/apt/lists in the layer"):format(c.name)
  elseif fam == "apk" and p.action == "install" and not p.no_cache then
    return "`apk add` without --no-cache leaves /var/cache/apk in the layer"
  elseif (fam == "rpm" or fam == "zypper") and (p.action == "install" or p.action == "upgrade") then
    return ("`%s %s` without a later `%s` leaves its cache in the layer"):format(
      c.name, p.verb, fam == "rpm" and (c.name .. " clean all") or "zypper clean --all")
  end
end

local function scan(runs, report, shipped)
  for _, r in ipairs(runs) do
    if not shipped or shipped[r.stage] then
      local kept = packages.mount_covers(r.mounts)
      local cleaned = {}
      for k, c in ipairs(r.commands) do
        for fam in pairs(packages.cleans(c)) do cleaned[fam] = k end
      end
      for k, c in ipairs(r.commands) do
        local p = packages.parse(c)
        local what = leaves(c, k, p, kept, cleaned)
        if what then
          local fix
          if p.family == "apk" then
            fix = ("Use --no-cache:\n  RUN apk add --no-cache %s"):format(shell.text(c, c.cmd + 2))
          else
            fix = ("End the same RUN with the cleanup:\n  RUN %s … && %s"):format(shell.text(c),
              packages.advice[p.family].cleanup:format(c.name))
          end
          report { path = c.path, offset = c.offset, message = what, remediation = fix }
        end
      end
    end
  end
end

-- Only the stages the final image is built from ship their layers.
function check.dockerfile(doc, report) scan(shell.dockerfile_runs(doc), report, docker.final_lineage(doc)) end
function check.image(doc, report) scan(shell.image_runs(doc), report) end

return check
