-- package-cache-not-cleaned: package caches left in a layer of the shipped image.
local check = {
  id = "DF-014", name = "package-cache-not-cleaned", severity = "low", class = "hardening",
  inputs = { "dockerfile", "image", "archive" },
  title = "Package manager cache left in the image",
  description = [[
Package indexes and downloaded packages left in a layer add tens of megabytes to
the image and ship stale metadata. Remove them in the same RUN that created them
(a later RUN cannot shrink an earlier layer), use `apk add --no-cache` and
`pip install --no-cache-dir`, or keep
them out of the layer with RUN --mount=type=cache. Stages that are not part of
the final image are not checked.]],
  remediation = "Clean up in the same RUN, e.g.\n  RUN apt-get update && apt-get install -y --no-install-recommends <packages> && rm -rf /var/lib/apt/lists/*",
}

-- What command c (the k-th of its RUN) leaves in the layer, or nil. kept:
-- families a cache mount covers; cleaned: family → last command cleaning it.
local function leaves(c, k, p, kept, cleaned, no_pip_cache)
  local fam = p and p.family
  if not p or kept[fam] or (cleaned[fam] or 0) > k then return nil end
  if fam == "apt" and p.action == "refresh" then
    return ("`%s update` leaves /var/lib/apt/lists in the layer"):format(c.name)
  elseif fam == "apk" and p.action == "install" and not p.no_cache then
    return "`apk add` without --no-cache leaves /var/cache/apk in the layer"
  elseif fam == "pip" and p.action == "install" and not p.opts["--no-cache-dir"] and not no_pip_cache then
    for _, a in ipairs(c.assigns or {}) do if a.name == "PIP_NO_CACHE_DIR" then return nil end end
    return ("`%s install` without --no-cache-dir leaves its download cache (~/.cache/pip) in the layer"):format(
      c.args[1] == "-m" and c.name .. " -m pip" or c.name)
  elseif (fam == "rpm" or fam == "zypper") and (p.action == "install" or p.action == "upgrade") then
    return ("`%s %s` without a later `%s` leaves its cache in the layer"):format(
      c.name, p.verb, fam == "rpm" and (c.name .. " clean all") or "zypper clean --all")
  end
end

local function scan(runs, report, shipped, no_pip_cache)
  for _, r in ipairs(runs) do
    if not shipped or shipped[r.stage] then
      local kept = packages.mount_covers(r.mounts)
      local cleaned = {}
      for k, c in ipairs(r.commands) do
        for fam in pairs(packages.cleans(c)) do cleaned[fam] = k end
      end
      for k, c in ipairs(r.commands) do
        local p = packages.parse(c)
        local what = leaves(c, k, p, kept, cleaned, no_pip_cache)
        if what then
          local fix
          if p.family == "apk" then
            fix = ("Use --no-cache:\n  RUN apk add --no-cache %s"):format(shell.text(c, c.cmd + 2))
          elseif p.family == "pip" then
            fix = ("Add --no-cache-dir (or set ENV PIP_NO_CACHE_DIR=1 before it):\n  RUN %s install --no-cache-dir %s"):format(
              c.args[1] == "-m" and c.name .. " -m pip" or c.name, shell.text(c, c.cmd + (c.args[1] == "-m" and 4 or 2)))
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
-- PIP_NO_CACHE_DIR set by an ENV or ARG of the Dockerfile, or in the image's Env.
local function pip_env_off(vars)
  for v in vars do
    if v.name == "PIP_NO_CACHE_DIR" then return true end
  end
  return false
end

function check.dockerfile(doc, report)
  scan(shell.dockerfile_runs(doc), report, docker.final_lineage(doc), pip_env_off(env.dockerfile(doc)))
end
function check.image(doc, report) scan(shell.image_runs(doc), report, nil, pip_env_off(env.image(doc))) end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
