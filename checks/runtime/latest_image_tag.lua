-- latest-image-tag: an image referenced without a tag or with :latest.
-- Digest pins pass. Dockerfile: the FROM base after ARG defaults are
-- substituted; scratch and earlier stage names are not images. Compose: a
-- service's image (a service with only build: has no image to judge; one
-- holding an unresolved ${VAR} is skipped).
local check = {
  id = "RT-036", name = "latest-image-tag", severity = "medium",
  inputs = { "kubernetes", "dockerfile", "compose" }, kinds = "workloads",
  title = "Image without a pinned tag",
  description = [[
An image referenced without a tag, or as :latest, changes under your feet:
two builds or two node pulls of the same manifest can run different code, a
rollback does not roll back, and an upstream compromise arrives unannounced.
Pin a version tag, and better a digest.]],
  remediation = "Reference images by a version tag and a digest: name:1.2.3@sha256:….",
}

-- Why ref floats ("has no tag (it means :latest)", "uses the :latest tag"), or
-- nil. A ref matching the pattern `placeholders` is not judged: ${IMAGE},
-- $IMAGE, {{ .Values.image }} are filled in by tooling.
local function floating(ref, placeholders)
  if type(ref) ~= "string" or ref:find(placeholders) then return nil end
  local name, tag, digest = docker.parse_image(ref)
  if not name or name == "" or digest then return nil end
  if tag == nil then return "has no tag (it means :latest)" end
  if tag == "latest" then return "uses the :latest tag" end
  return nil
end

local function pin_hint(ref)
  local name = docker.parse_image(ref) or ref
  return ("%s:<version>@sha256:<digest>"):format(name)
end

function check.dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    local base = st.base or ""
    local why = not docker.is_stage_or_scratch(doc, st) and floating(base, "%$")
    if why then
      report {
        path = docker.instr_path(i, 1) .. ".args", message = ("FROM %s %s"):format(base, why),
        remediation = ("Pin the base image: FROM %s"):format(pin_hint(base)),
      }
    end
  end
end

-- The image of a Compose service or a Kubernetes container (subject s).
local function check_image(s, image)
  local why = floating(image, "[%$<{]")
  if why then
    s.report {
      path = s.path .. ".image", message = ("image %s %s"):format(image, why),
      remediation = ("In %s set image: %s"):format(s.path, pin_hint(image)),
    }
  end
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do check_image(s, svc.image) end
end

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do check_image(ct, c.image) end
end

return check
