-- image-pull-policy: a :latest or untagged image whose imagePullPolicy is
-- explicitly something other than Always. When the field is omitted
-- Kubernetes defaults it to Always for such images, so that passes.
local check = {
  id = "RT-037", name = "image-pull-policy", severity = "info", class = "hardening",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Floating image tag not always pulled",
  description = [[
With a :latest or untagged image and imagePullPolicy IfNotPresent or Never, each
node runs whatever version it happened to pull first: pods of one Deployment run
different code, and a fixed image never reaches the nodes that cached the old
one.]],
  remediation = "Pin the image to a version (better a digest), or set imagePullPolicy: Always.",
}

function check.kubernetes(doc, report)
  for c, ct in k8s.each_container(doc, report) do
    local pol = c.imagePullPolicy
    if type(c.image) == "string" and not c.image:find("[%$<{]") and pol ~= nil and pol ~= "Always" then
      local name, tag, digest = docker.parse_image(c.image)
      if name and name ~= "" and not digest and (tag == nil or tag == "latest") then
        local at = ct.path .. ".imagePullPolicy"
        ct.report {
          path = at, message = ("runs floating image %s with imagePullPolicy %s"):format(c.image, tostring(pol)),
          remediation = ("In %s pin image to %s:<version>@sha256:<digest>, or set imagePullPolicy: Always."):format(ct.path, name),
          fix = { { path = at, value = "Always" } },
        }
      end
    end
  end
end

return check
