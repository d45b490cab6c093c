-- package-cache-not-cleaned: package caches left in a layer of the shipped image.
local CLEAN = {
  apt = "rm -rf /var/lib/apt/lists/*",
  rpm = "%s clean all",
  zypper = "zypper clean --all",
  apk = "rm -rf /var/cache/apk/*",
}

return {
  id = "DF-014",
  name = "package-cache-not-cleaned",
  severity = "low",
  inputs = { "dockerfile", "image" },
  title = "Package manager cache left in the image",
  description = [[
Package indexes and downloaded packages left in a layer add tens of megabytes to
the image and ship stale metadata. Remove them in the same RUN that created them
(a later RUN cannot shrink an earlier layer), use `apk add --no-cache`, or keep
them out of the layer with RUN --mount=type=cache. Stages that are not part of
the final image are not checked.]],
  remediation = "Clean up in the same RUN, e.g.\n  RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*",
  frameworks = { cis_docker = "4.3" },

  run = function(doc, report)
    local shipped = shell.final_lineage(doc)
    for _, r in ipairs(shell.runs(doc)) do
      if not shipped or shipped[r.stage] then
        local kept = packages.mount_covers(r.mounts)
        local cleaned = {} -- family → index of the last command cleaning it
        for k, c in ipairs(r.commands) do
          for fam in pairs(packages.cleans(c)) do cleaned[fam] = k end
        end
        for k, c in ipairs(r.commands) do
          local p = packages.parse(c)
          local fam = p and p.family
          local bad, what
          if not p or kept[fam] or (cleaned[fam] or 0) > k then
            -- fine
          elseif fam == "apt" and p.action == "refresh" then
            bad, what = true, ("`%s update` leaves /var/lib/apt/lists in the layer"):format(c.name)
          elseif fam == "apk" and p.action == "install" and not p.no_cache then
            bad, what = true, "`apk add` without --no-cache leaves /var/cache/apk in the layer"
          elseif (fam == "rpm" or fam == "zypper") and (p.action == "install" or p.action == "upgrade") then
            bad, what = true, ("`%s %s` without a later `%s` leaves its cache in the layer"):format(
              c.name, p.verb, fam == "rpm" and (c.name .. " clean all") or "zypper clean --all")
          end
          if bad then
            local fix
            if fam == "apk" then
              fix = ("Use --no-cache:\n  RUN apk add --no-cache %s"):format(shell.text(c, c.cmd + 2))
            else
              fix = ("End the same RUN with the cleanup:\n  RUN %s … && %s"):format(shell.text(c), CLEAN[fam]:format(c.name))
            end
            report { path = c.path, offset = c.offset, message = what, remediation = fix }
          end
        end
      end
    end
  end,
}
