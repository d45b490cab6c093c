-- secret-in-env: an environment variable whose value is a literal secret.
-- Kubernetes env[].value, Dockerfile ENV and ARG (any stage: the Dockerfile
-- itself is committed), image config Env, Compose environment (list and map
-- forms). Values are masked in every output.
local check = {
  id = "SEC-001", name = "secret-in-env", severity = "high",
  inputs = { "kubernetes", "dockerfile", "image", "compose", "container" }, kinds = "workloads",
  title = "Secret in an environment variable",
  description = [[
A password, token or key written as a literal environment value is stored in
version control, in the image history or the API server, and shown by
`docker inspect`, `kubectl describe` and every crash dump. Deliver secrets at
run time from a secret store, as mounted files.]],
  remediation = "Move the value to a Secret (Kubernetes) or a build secret (RUN --mount=type=secret) and rotate it: it has been exposed.",
}

-- Report every variable of `vars` whose value is a literal secret; fix(v)
-- is its remediation (nil: the check's own).
local function literals(report, vars, fix)
  for v in vars do
    local reason = v.value and secrets.classify(v.name, v.value)
    if reason then
      report {
        path = v.path, offset = v.offset, container = v.container, resource = v.resource, secret = v.value,
        message = ("%s %s holds a literal secret (%s): %s=%s"):format(
          v.where, v.name or "?", reason, v.name or "?", plimsoll.mask(v.value)),
        remediation = fix and fix(v),
      }
    end
  end
end

function check.kubernetes(doc, report)
  literals(report, env.kubernetes(doc), function(v)
    return ("Store the value in a Secret and mount it as a file, or at least reference it:\n  env:\n  - name: %s\n    valueFrom:\n      secretKeyRef:\n        name: <secret>\n        key: %s"):format(
      v.name or "?", (v.name or "key"):lower())
  end)
end

function check.compose(doc, report)
  literals(report, env.compose(doc), function(v)
    local id = v.name:lower()
    return ("Remove %s from %s.environment; use a Compose secret:\n  secrets:\n    - %s\n(top-level secrets: %s: { file: ./%s.txt }) and read it from /run/secrets/%s."):format(
      v.name, v.owner_path, id, id, id, id)
  end)
end

function check.dockerfile(doc, report)
  literals(report, env.dockerfile(doc), function(v)
    return ("Remove %s %s from the Dockerfile; pass it at build time with\n  RUN --mount=type=secret,id=%s …\nor at run time from a secret store, and rotate it."):format(
      v.cmd, v.name, v.name:lower())
  end)
end

function check.image(doc, report)
  literals(report, env.image(doc))
end

-- Running container: Config.Env (docker inspect shows every value).
function check.container(doc, report)
  literals(report, inspect.env(doc), function(v)
    return ("Recreate the container without -e %s; mount the secret as a file (docker secret, or -v with a root-only file) and rotate it: docker inspect has shown it."):format(v.name)
  end)
end

return check
