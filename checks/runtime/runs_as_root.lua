-- runs-as-root: the process in the container runs as uid 0.
-- Kubernetes: the effective runAsNonRoot is not true and the effective
-- runAsUser is unset or 0. Dockerfile: the last USER that the final stage
-- inherits is missing, root or 0. Image config: config.User empty, root or 0.
-- Compose: user missing, root or 0.
local check = {
  id = "RT-003", name = "runs-as-root", severity = "high", class = "hardening",
  inputs = { "kubernetes", "compose", "dockerfile", "image", "archive", "container" }, kinds = "workloads",
  title = "Container runs as root",
  description = [[
A process running as uid 0 inside a container is root on the host as soon as it
escapes the container (a kernel bug, a privileged mount, a runtime flaw), and it
can modify everything in the image at run time. Run as an unprivileged user.]],
  remediation = "Run as an unprivileged user: USER in the Dockerfile, user: in Compose, runAsNonRoot: true and a non-zero runAsUser in Kubernetes.",
}

local ADD_USER = "\n  RUN useradd --uid 10001 --no-create-home app\n  USER 10001"

function check.kubernetes(doc, report)
  if k8s.is_windows(k8s.pod_spec(doc)) then return end
  for c, ct in k8s.each_container(doc, report) do
    local nonroot, nonroot_at = k8s.effective_of(c, ct, "runAsNonRoot")
    local uid, uid_at = k8s.effective_of(c, ct, "runAsUser")
    if uid == 0 or (nonroot ~= true and uid == nil) then
      ct.report {
        -- runAsUser: 0 is a decision; an unset one leaves it to the image
        severity = uid ~= 0 and "medium" or nil,
        path = (uid == 0 and uid_at) or (nonroot == false and nonroot_at) or ct.path,
        message = uid == 0 and "runs as root: runAsUser is 0"
          or "may run as root: runAsNonRoot is not true and runAsUser is not set",
        remediation = k8s.set_sc(ct, "runAsNonRoot: true\nrunAsUser: 10001   # any non-zero uid the image supports"),
        -- runAsNonRoot alone keeps an image that runs as root from starting
        fix = { k8s.edit(ct.sc .. ".runAsNonRoot", true), k8s.edit(ct.sc .. ".runAsUser", 10001) },
      }
    end
  end
end

-- The last USER of the final stage, else of the stages it is built FROM;
-- with none, the base image decides.
function check.dockerfile(doc, report)
  local ins, at, fi, base = runtime.final_user(doc)
  if ins then
    local who, known = runtime.user_of(ins)   -- USER $VAR of unknown value: not judged
    if known and runtime.is_root_user(who) then
      report {
        path = at, message = ("the final image runs as root: USER %s"):format(ins.args or ""),
        remediation = "Create an unprivileged user and switch to it last:" .. ADD_USER,
      }
    end
  elseif fi and not runtime.nonroot_base(base) then
    -- the base image's own USER decides: root for most bases, but not known here
    report {
      path = docker.instr_path(fi, 1), severity = "medium",
      message = ("no USER in this Dockerfile; the base image's user decides (%s), root unless it sets one"):format(
        base and base ~= "" and base or "the base image"),
      remediation = "Add an unprivileged user and switch to it at the end of the final stage:" .. ADD_USER,
    }
  end
end

-- Compose: user missing (the image's USER applies, root unless it sets one),
-- or root / 0 (also "root:root", "0:0"). A variable reference is judged by
-- its default ("${UID:-0}"), else left alone.
function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    local u = compose.user(svc)
    local v = type(u) == "string" and (u:match("^%${[%w_]+:?%-(.-)}") or u)   -- "${UID:-0}" → "0"
    local rem = k8s.set_in(s.path, 'user: "10001:10001"   # any non-zero uid the image supports')
    local fix = { k8s.edit(s.path .. ".user", "10001:10001") }
    if u == nil then
      s.report { path = s.path, remediation = rem, fix = fix, severity = "medium",
                 message = "does not set user: it runs as the image's USER, root unless the image names another" }
    elseif v and not v:find("%$") and runtime.is_root_user(v) then
      s.report { path = s.path .. ".user", remediation = rem, fix = fix, message = ("runs as root: user is %q"):format(u) }
    end
  end
end

function check.image(doc, report)
  local cfg = doc.config
  if type(cfg) == "table" and runtime.is_root_user(cfg.User) then
    report {
      path = cfg.User ~= nil and "config.User" or "config",
      message = ("the image runs as root (config.User is %q)"):format(tostring(cfg.User or "")),
      remediation = "Rebuild the image with a USER instruction naming an unprivileged user, e.g. USER 10001.",
    }
  end
end

-- Running container: Config.User (the image's USER unless --user overrode it)
-- empty, root or 0.
function check.container(doc, report)
  local cfg = inspect.config(doc)
  if runtime.is_root_user(cfg.User) then
    inspect.subject(doc, report).report {
      path = cfg.User ~= nil and "Config.User" or "Config",
      message = ("runs as root (Config.User is %q)"):format(tostring(cfg.User or "")),
      remediation = "Recreate the container with --user 10001:10001 (any unprivileged uid the image supports), or rebuild the image with a USER instruction.",
    }
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
