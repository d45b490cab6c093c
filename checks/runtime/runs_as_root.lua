-- runs-as-root: the process in the container runs as uid 0.
-- Kubernetes: the effective runAsNonRoot is not true and the effective
-- runAsUser is unset or 0. Dockerfile: the last USER that the final stage
-- inherits is missing, root or 0. Image config: config.User empty, root or 0.
-- Compose: user missing, root or 0.
local function is_root_user(u)
  if u == nil then return true end
  u = tostring(u):match("^%s*([^:]*)")
  return u == "" or u == "root" or u == "0"
end

local nonroot_bases = {
  [[(?i):nonroot(?:-[a-z0-9]+)?$]], [[(?i)-nonroot$]], [[(?i)^cgr\.dev/chainguard/]],
}
local function nonroot_base(base)
  for _, p in ipairs(nonroot_bases) do
    if regex.test(base or "", p) then return true end
  end
  return false
end

local function check_k8s(doc, report)
  local spec, spath = k8s.pod_spec(doc)
  if not spec or (type(spec.os) == "table" and spec.os.name == "windows") then return end
  for c, cpath in k8s.containers(doc) do
    local nonroot, nonroot_at = k8s.effective(spec, spath, c, cpath, "runAsNonRoot")
    local uid, uid_at = k8s.effective(spec, spath, c, cpath, "runAsUser")
    local root_uid = uid == nil or uid == 0
    if uid == 0 or (nonroot ~= true and root_uid) then
      local at = (uid == 0 and uid_at) or (nonroot == false and nonroot_at) or cpath
      report {
        path = at,
        container = c.name,
        message = uid == 0
          and ("container %q runs as root: runAsUser is 0"):format(c.name or "?")
          or ("container %q may run as root: runAsNonRoot is not true and runAsUser is not set"):format(c.name or "?"),
        remediation = ("In %s set:\n  securityContext:\n    runAsNonRoot: true\n    runAsUser: 10001   # any non-zero uid the image supports"):format(cpath),
        fix = { { path = cpath .. ".securityContext.runAsNonRoot", value = true } },
      }
    end
  end
end

local function check_dockerfile(doc, report)
  local final, fi = docker.final_stage(doc)
  if not final then return end
  -- the last USER of the final stage, else of the stages it is built FROM
  for _, si in ipairs(docker.lineage(doc, fi)) do
    local last, last_path
    for ins, path in docker.each(doc, si, "USER") do last, last_path = ins, path end
    if last then
      local who = last.user or last.expanded or last.args
      -- USER $VAR whose value is not known here (ARG without default, or
      -- set by the build command): not judged
      local unknown = (last.args or ""):find("%$") and not tostring(who or ""):match("^%s*[^:%s]")
      if not unknown and is_root_user(who) then
        report {
          path = last_path,
          message = ("the final image runs as root: USER %s"):format(last.args or ""),
          remediation = "Create an unprivileged user and switch to it last:\n  RUN useradd --uid 10001 --no-create-home app\n  USER 10001",
        }
      end
      return
    end
  end
  local root = doc.stages[docker.lineage(doc, fi)[#docker.lineage(doc, fi)]]
  if nonroot_base(root.base) then return end
  report {
    path = docker.instr_path(fi, 1),
    message = "the final stage has no USER instruction, so the image runs as root",
    remediation = "Add an unprivileged user and switch to it at the end of the final stage:\n  RUN useradd --uid 10001 --no-create-home app\n  USER 10001",
  }
end

-- Compose: user missing (the image's USER applies, root unless it sets one),
-- or root / 0 (also "root:root", "0:0"). A variable reference is judged by
-- its default ("${UID:-0}"), else left alone.
local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local u = svc.user
    if type(u) == "number" then u = tostring(math.tointeger(u) or u) end
    local res = { kind = "service", name = name }
    local rem = ("In %s set:\n  user: \"10001:10001\"   # any non-zero uid the image supports"):format(spath)
    if u == nil then
      report {
        path = spath, resource = res, container = name,
        message = ("service %q does not set user: it runs as the image's USER, root unless the image names another"):format(name),
        remediation = rem,
      }
    elseif type(u) == "string" then
      local v = u:match("^%${[%w_]+:?%-(.-)}") or u
      if not v:find("%$") and is_root_user(v) then
        report {
          path = spath .. ".user", resource = res, container = name,
          message = ("service %q runs as root: user is %q"):format(name, u),
          remediation = rem,
        }
      end
    end
  end
end

local function check_image(doc, report)
  local cfg = doc.config
  if type(cfg) ~= "table" then return end
  if is_root_user(cfg.User) then
    report {
      path = cfg.User ~= nil and "config.User" or "config",
      message = ("the image runs as root (config.User is %q)"):format(tostring(cfg.User or "")),
      remediation = "Rebuild the image with a USER instruction naming an unprivileged user, e.g. USER 10001.",
    }
  end
end

return {
  id = "RT-003",
  name = "runs-as-root",
  severity = "high",
  inputs = { "kubernetes", "compose", "dockerfile", "image" },
  kinds = "workloads",
  title = "Container runs as root",
  description = [[
A process running as uid 0 inside a container is root on the host as soon as it
escapes the container (a kernel bug, a privileged mount, a runtime flaw), and it
can modify everything in the image at run time. Run as an unprivileged user.]],
  remediation = "Run as an unprivileged user: USER in the Dockerfile, user: in Compose, runAsNonRoot: true and a non-zero runAsUser in Kubernetes.",
  frameworks = { cis_docker = "4.1", cis_kubernetes = "5.2.7", pss = "restricted", nsa_cisa = "Non-root containers" },

  run = function(doc, report)
    if doc.stages then return check_dockerfile(doc, report) end
    if doc.kind then return check_k8s(doc, report) end
    if doc.services then return check_compose(doc, report) end
    return check_image(doc, report)
  end,
}
