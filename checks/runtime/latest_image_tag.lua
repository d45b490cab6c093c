-- latest-image-tag: an image referenced without a tag or with :latest.
-- Digest pins pass. Dockerfile: the FROM base after ARG defaults are
-- substituted; scratch and earlier stage names are not images. Compose: a
-- service's image (a service with only build: has no image to judge; one
-- holding an unresolved ${VAR} is skipped).
local function floating(ref)
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

return {
  id = "RT-036",
  name = "latest-image-tag",
  severity = "medium",
  inputs = { "kubernetes", "dockerfile", "compose" },
  kinds = "workloads",
  title = "Image without a pinned tag",
  description = [[
An image referenced without a tag, or as :latest, changes under your feet:
two builds or two node pulls of the same manifest can run different code, a
rollback does not roll back, and an upstream compromise arrives unannounced.
Pin a version tag, and better a digest.]],
  remediation = "Reference images by a version tag and a digest: name:1.2.3@sha256:….",
  frameworks = { cis_docker = "4.2", nsa_cisa = "Image security" },

  run = function(doc, report)
    if doc.stages then
      for i, st in ipairs(doc.stages) do
        local base = st.base or ""
        if not docker.is_stage_or_scratch(doc, st) and not base:find("%$") then
          local why = floating(base)
          if why then
            report {
              path = docker.instr_path(i, 1) .. ".args",
              message = ("FROM %s %s"):format(base, why),
              remediation = ("Pin the base image: FROM %s"):format(pin_hint(base)),
            }
          end
        end
      end
      return
    end
    if doc.services then
      for svc, spath, name in compose.services(doc) do
        local img = svc.image
        if type(img) == "string" and not img:find("[%$<{]") then
          local why = floating(img)
          if why then
            report {
              path = spath .. ".image",
              container = name,
              resource = { kind = "service", name = name },
              message = ("service %q image %s %s"):format(name, img, why),
              remediation = ("In %s set image: %s"):format(spath, pin_hint(img)),
            }
          end
        end
      end
      return
    end
    for c, path in k8s.containers(doc) do
      -- ${IMAGE} / $IMAGE / {{ .Values.image }} placeholders are filled in by tooling
      if type(c.image) == "string" and not c.image:find("[%$<{]") then
        local why = floating(c.image)
        if why then
          report {
            path = path .. ".image",
            container = c.name,
            message = ("container %q image %s %s"):format(c.name or "?", c.image, why),
            remediation = ("In %s set image: %s"):format(path, pin_hint(c.image)),
          }
        end
      end
    end
  end,
}
