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
