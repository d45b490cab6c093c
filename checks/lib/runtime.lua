-- runtime.lua — what a container runs as and what it exposes, whatever the
-- input: user specs (Dockerfile USER, Compose user, image config User), the
-- USER a Dockerfile's final image runs with, and port specs. Kubernetes and
-- Compose structure is in k8s.lua and compose.lua.
local M = {}

-- True when user spec u names root: nil (unset), "", "root" or "0", with or
-- without a group ("root:root", "0:0"); a number is read as its text.
function M.is_root_user(u)
  if u == nil then return true end
  u = tostring(u):match("^%s*([^:]*)")
  return u == "" or u == "root" or u == "0"
end

-- Base images that run as a non-root user by default (their image config sets
-- USER to one), matched on the reference without its registry's docker.io/
-- prefix. Documented in docs/severity.md; each row says whose user it is.
M.nonroot_bases = {
  { [[(?i):nonroot(?:-[a-z0-9]+)?(?:@.*)?$|-nonroot(?:@.*)?$]], "distroless and other :nonroot / -nonroot tags" },
  { [[(?i)^cgr\.dev/chainguard/]], "Chainguard images (nonroot, uid 65532)" },
  { [[(?i)-chiseled(?:-[a-z0-9]+)?(?:@.*)?$]], ".NET chiseled images (app, uid 1654)" },
  { [[(?i)^(?:docker\.io/)?bitnami/]], "Bitnami images (uid 1001)" },
  { [[(?i)^(?:docker\.io/)?nginxinc/nginx-unprivileged(?::|@|$)]], "nginx-unprivileged (nginx, uid 101)" },
  { [[(?i)^(?:docker\.io/)?grafana/grafana(?:-oss|-enterprise)?(?::|@|$)]], "Grafana (grafana, uid 472)" },
  { [[(?i)^(?:docker\.io/|quay\.io/)?prom/(?:prometheus|alertmanager|node-exporter|pushgateway|blackbox-exporter)(?::|@|$)]], "Prometheus images (nobody)" },
  { [[(?i)^docker\.elastic\.co/(?:elasticsearch|kibana|logstash|beats)/]], "Elastic images (uid 1000)" },
  { [[(?i)^(?:docker\.io/)?jenkins/jenkins(?::|@|$)]], "Jenkins (jenkins, uid 1000)" },
  { [[(?i)^(?:docker\.io/)?sonarqube(?::|@|$)]], "SonarQube (sonarqube)" },
  { [[(?i)^(?:docker\.io/)?sonatype/nexus3(?::|@|$)]], "Nexus (nexus, uid 200)" },
  { [[(?i)^quay\.io/keycloak/keycloak(?::|@|$)]], "Keycloak (uid 1000)" },
  { [[(?i)^(?:docker\.io/)?confluentinc/cp-]], "Confluent Platform (appuser)" },
  { [[(?i)^mcr\.microsoft\.com/mssql/server(?::|@|$)]], "SQL Server (mssql, uid 10001)" },
  { [[(?i)^(?:docker\.io/)?otel/opentelemetry-collector(?:-contrib)?(?::|@|$)]], "OpenTelemetry Collector (uid 10001)" },
  { [[(?i)^(?:docker\.io/)?gitea/gitea:[^@]*rootless]], "Gitea rootless (git, uid 1000)" },
}

-- The description of the nonroot_bases row that ref matches, or nil.
function M.nonroot_base(ref)
  for _, row in ipairs(M.nonroot_bases) do
    if regex.test(ref or "", row[1]) then return row[2] end
  end
  return nil
end

-- Builder of a check that judges each image a workload names by its
-- reference: the FROM bases of a Dockerfile that are images (not an earlier
-- stage, not scratch), each Compose service's image and each Kubernetes
-- container's image. A reference holding a placeholder is not judged
-- (${IMAGE}, $IMAGE, {{ .Values.image }}: tooling fills it in; in a
-- Dockerfile, where ARG defaults are already substituted, only $), nor one
-- pinned by digest. spec.why(name, tag) returns why the reference floats, or
-- nil; the fix pins name:<spec.pin>@sha256:<digest>, in a Dockerfile worded
-- spec.from_fix. Sets check.dockerfile, check.compose, check.kubernetes.
function M.image_ref_check(check, spec)
  local function judge(ref, placeholders)
    if type(ref) ~= "string" or ref:find(placeholders) then return nil end
    local name, tag, digest = docker.parse_image(ref)
    if not name or name == "" or digest then return nil end
    local why = spec.why(name, tag)
    return why, why and ("%s:%s@sha256:<digest>"):format(name, spec.pin)
  end
  function check.dockerfile(doc, report)
    for i, st in ipairs(doc.stages) do
      local base = st.base or ""
      local why, pinned
      if not docker.is_stage_or_scratch(doc, st) then why, pinned = judge(base, "%$") end
      if why then
        report {
          path = docker.instr_path(i, 1) .. ".args", message = ("FROM %s %s"):format(base, why),
          remediation = ("%s: FROM %s"):format(spec.from_fix, pinned),
        }
      end
    end
  end
  -- The image of a Compose service or a Kubernetes container (subject s).
  local function check_image(s, image)
    local why, pinned = judge(image, "[%$<{]")
    if why then
      s.report {
        path = s.path .. ".image", message = ("image %s %s"):format(image, why),
        remediation = ("In %s set image: %s"):format(s.path, pinned),
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
end

-- The USER instruction a Dockerfile's final image runs with: the last USER of
-- the final stage, else of the stages it is built FROM (docker.lineage).
-- Returns ins, path, fi, base: the instruction and its path (nil when no stage
-- of the lineage has a USER), the final stage's index and the FROM of the
-- lineage's first stage (whose image then decides the user). Returns nothing
-- for a Dockerfile without stages.
function M.final_user(doc)
  local final, fi = docker.final_stage(doc)
  if not final then return nil end
  local lineage = docker.lineage(doc, fi)
  for _, si in ipairs(lineage) do
    local last, last_path
    for ins, path in docker.each(doc, si, "USER") do last, last_path = ins, path end
    if last then return last, last_path, fi end
  end
  return nil, nil, fi, doc.stages[lineage[#lineage]].base
end

-- The user a Dockerfile USER instruction names (ARG/ENV substituted), and
-- whether it is known: false when it is a variable whose value is not known
-- here (an ARG without default, or one set by the build command).
function M.user_of(ins)
  local who = ins.user or ins.expanded or ins.args
  local unknown = (ins.args or ""):find("%$") and not tostring(who or ""):match("^%s*[^:%s]")
  return who, not unknown
end

-- True when port spec p holds port n: 22, "22", "22/tcp", a range "20-30"
-- (spaces around the dash allowed), "20-30/udp".
function M.has_port(p, n)
  if p == nil then return false end
  local s = tostring(p):gsub("/%a+$", "")
  local a, b = s:match("^%s*(%d+)%s*%-%s*(%d+)%s*$")
  if a then return tonumber(a) <= n and n <= tonumber(b) end
  return tonumber(s) == n
end

return M
