-- latest-image-tag: an image referenced without a tag or with :latest.
-- Digest pins pass (runtime.image_ref_check). Dockerfile: the FROM base after ARG defaults are
-- substituted; scratch and earlier stage names are not images. Compose: a
-- service's image (a service with only build: has no image to judge; one
-- holding an unresolved ${VAR} is skipped).
local check = {
  id = "RT-036", name = "latest-image-tag", severity = "medium", class = "hardening",
  inputs = { "kubernetes", "dockerfile", "compose" }, kinds = "workloads",
  title = "Image without a pinned tag",
  description = [[
An image referenced without a tag, or as :latest, changes under your feet:
two builds or two node pulls of the same manifest can run different code, a
rollback does not roll back, and an upstream compromise arrives unannounced.
Pin a version tag, and better a digest.]],
  remediation = "Reference images by a version tag and a digest: name:1.2.3@sha256:….",
}

-- Why an image reference floats: no tag means :latest.
return runtime.image_ref_check(check, {
  pin = "<version>", from_fix = "Pin the base image",
  why = function(_, tag)
    if tag == nil then return "has no tag (it means :latest)" end
    if tag == "latest" then return "uses the :latest tag" end
    return nil
  end,
})
