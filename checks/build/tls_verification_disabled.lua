-- tls-verification-disabled: downloads, package managers or runtimes told not
-- to verify TLS certificates, in RUN commands, ENV, image Env, Kubernetes and
-- Compose environments. What counts as disabling is in checks/lib/tls.lua.
local check = {
  id = "DF-006", name = "tls-verification-disabled", severity = "high", class = "risk",
  inputs = { "dockerfile", "image", "archive", "kubernetes", "compose" },
  kinds = "workloads",
  title = "TLS certificate verification disabled",
  description = [[
Turning certificate checks off (`curl -k`, `wget --no-check-certificate`,
`pip --trusted-host`, `strict-ssl false`, `sslverify=0`, GIT_SSL_NO_VERIFY,
NODE_TLS_REJECT_UNAUTHORIZED=0, PYTHONHTTPSVERIFY=0) lets anyone on the network
path serve the build or the application forged downloads and packages.]],
  remediation = "Keep verification on; trust a private CA by adding its certificate (COPY ca.crt /usr/local/share/ca-certificates/ && update-ca-certificates) instead.",
}

-- Report the variables of an environment list ({ name, value, path, offset })
-- that turn verification off; `where` names the environment, `container`
-- the container or service it belongs to.
local function env_report(report, list, where, container)
  for _, e in ipairs(list) do
    if tls.env_disables(e.name, e.value) then
      report {
        path = e.path, offset = e.offset, container = container,
        message = ("%s sets %s=%s: TLS certificates are not verified"):format(where, e.name, e.value),
        remediation = ("Remove %s; if a private CA is the reason, add its certificate to the trust store instead (NODE_EXTRA_CA_CERTS, SSL_CERT_FILE, update-ca-certificates)."):format(e.name),
      }
    end
  end
end

-- Report the RUN commands that turn verification off; `what` says where,
-- formatted with the command's name ("`%s` in a RUN"); `remediation` nil is
-- the check's own.
local function runs_report(report, runs, what, remediation)
  for c in shell.commands(runs) do
    local reason, w = tls.disabled_by(c)
    if reason then
      report {
        path = c.path, offset = w and w.offset or c.offset, remediation = remediation,
        message = ("%s disables TLS certificate verification (%s)"):format(what:format(c.name or reason), reason),
      }
    end
  end
end

function check.dockerfile(doc, report)
  runs_report(report, shell.dockerfile_runs(doc), "`%s` in a RUN",
    "Remove the option and keep verification on; for a private CA, install its certificate first:\n  COPY ca.crt /usr/local/share/ca-certificates/\n  RUN update-ca-certificates")
  local list = {}
  for p, path in docker.each_pair(doc, "ENV") do list[#list + 1] = { name = p.key, value = p.value, path = path } end
  env_report(report, list, "ENV")
end

function check.image(doc, report)
  runs_report(report, shell.image_runs(doc), "image history step")
  env_report(report, image.env(doc), "image Env")
end

function check.kubernetes(doc, report)
  for c, cpath in k8s.containers(doc) do
    local list = {}
    for j, e in ipairs(type(c.env) == "table" and c.env or {}) do
      -- (only what turns verification off is listed: most containers have none)
      if type(e) == "table" and tls.env_disables(e.name, e.value) then
        list[#list + 1] = { name = e.name, value = e.value, path = ("%s.env[%d].value"):format(cpath, j - 1) }
      end
    end
    if #list > 0 then env_report(report, list, ("container %q"):format(c.name or "?"), c.name) end
  end
end

function check.compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    env_report(report, compose.environment(svc, spath), ("service %q"):format(name), name)
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
