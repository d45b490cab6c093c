-- floating-image-tag: an image pinned to a tag that moves to other releases
-- by design (stable, lts, edge, alpine, a bare major version of an OS or
-- language base). :latest and no tag are latest-image-tag's; digests pass.
local check = {
  id = "RT-045", name = "floating-image-tag", severity = "info", class = "hardening",
  inputs = { "kubernetes", "dockerfile", "compose" }, kinds = "workloads",
  title = "Image on a moving tag",
  description = [[
Tags such as stable, lts, edge, current, mainline or a variant alone (alpine,
slim) are moved by their publisher to each new release: debian:stable became a
new Debian major version overnight, node:lts a new Node.js line, alpine:edge is
the development branch. A rebuild or a node pull then runs something nobody
reviewed. Pin the release the tag points at today (debian:bookworm-20241111,
node:22.11-alpine), and a digest.]],
  remediation = "Pin the release the tag stands for, and a digest: name:<release>@sha256:….",
}

-- Tags that name a channel, not a release (matched on the whole tag, or on
-- its first part before a dash: lts-alpine, stable-slim, edge-20240101 is not).
local CHANNELS = {
  stable = "a stable channel", lts = "the current LTS line", edge = "the development branch",
  current = "the current release line", mainline = "the mainline branch", rolling = "a rolling release",
  nightly = "nightly builds", testing = "the testing distribution", unstable = "the unstable distribution",
  sid = "the unstable distribution", rawhide = "the development branch", tumbleweed = "a rolling release",
  canary = "canary builds", beta = "beta releases", alpha = "alpha releases", next = "the next release",
  dev = "development builds", develop = "development builds", main = "the main branch", master = "the main branch",
  alpine = "whichever Alpine and version is newest", slim = "whichever slim image is newest",
}
-- Bases whose bare major version floats across minor releases with other
-- packages or language versions (alpine:3, python:3).
local BARE_MAJOR = { alpine = true, python = true, rockylinux = true, almalinux = true, oraclelinux = true,
                     ["amazoncorretto"] = false }

-- Why an image reference floats: a channel tag or a bare major version.
return runtime.image_ref_check(check, {
  pin = "<release>", from_fix = "Pin the release and a digest",
  why = function(name, tag)
    if not tag or tag == "latest" then return nil end
    local low = tag:lower()
    local what = CHANNELS[low] or CHANNELS[low:match("^([a-z]+)%-[a-z]+$") or ""]
    if what then return ("uses the moving tag %q (%s)"):format(tag, what) end
    local short = name:match("([^/]+)$")
    if BARE_MAJOR[short] and low:match("^%d+$") then
      return ("uses the bare major version %q, which moves to each new %s %s.x release"):format(tag, short, tag)
    end
    return nil
  end,
})
