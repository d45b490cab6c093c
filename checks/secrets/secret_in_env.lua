-- secret-in-env: an environment variable whose value is a literal secret.
-- Kubernetes env[].value, Dockerfile ENV and ARG (any stage: the Dockerfile
-- itself is committed), image config Env, Compose environment (list and map
-- forms). Values are masked in every output.
local function reported(report, path, name, value, reason, where, extra)
  local masked = plimsoll.mask(value)
  local r = {
    path = path,
    secret = value,
    message = ("%s %s holds a literal secret (%s): %s=%s"):format(where, name, reason, name, masked),
  }
  for k, v in pairs(extra or {}) do r[k] = v end
  report(r)
end

return {
  id = "SEC-001",
  name = "secret-in-env",
  severity = "high",
  inputs = { "kubernetes", "dockerfile", "image", "compose" },
  kinds = "workloads",
  title = "Secret in an environment variable",
  description = [[
A password, token or key written as a literal environment value is stored in
version control, in the image history or the API server, and shown by
`docker inspect`, `kubectl describe` and every crash dump. Deliver secrets at
run time from a secret store, as mounted files.]],
  remediation = "Move the value to a Secret (Kubernetes) or a build secret (RUN --mount=type=secret) and rotate it: it has been exposed.",
  frameworks = { cis_docker = "4.10", cis_kubernetes = "5.4.1", nsa_cisa = "Secrets" },

  run = function(doc, report)
    if doc.stages then
      for ins, path in docker.all(doc) do
        if (ins.cmd == "ENV" or ins.cmd == "ARG") and ins.pairs then
          for j, p in ipairs(ins.pairs) do
            local reason = secrets.classify(p.key, p.value)
            if reason then
              reported(report, ("%s.pairs[%d].value"):format(path, j - 1), p.key, p.value, reason, ins.cmd, {
                remediation = ("Remove %s %s from the Dockerfile; pass it at build time with\n  RUN --mount=type=secret,id=%s …\nor at run time from a secret store, and rotate it."):format(ins.cmd, p.key, p.key:lower()),
              })
            end
          end
        end
      end
      return
    end
    if doc.services then
      for _, spath, name in compose.services(doc) do
        for _, e in ipairs(compose.environment(doc.services[name], spath)) do
          local reason = e.value and secrets.classify(e.name, e.value)
          if reason then
            reported(report, e.path, e.name, e.value, reason, ("service %q environment"):format(name), {
              offset = e.offset,
              container = name,
              resource = { kind = "service", name = name },
              remediation = ("Remove %s from %s.environment; use a Compose secret:\n  secrets:\n    - %s\n(top-level secrets: %s: { file: ./%s.txt }) and read it from /run/secrets/%s."):format(
                e.name, spath, e.name:lower(), e.name:lower(), e.name:lower(), e.name:lower()),
            })
          end
        end
      end
      return
    end
    if doc.kind then
      for c, cpath in k8s.containers(doc) do
        for j, e in ipairs(type(c.env) == "table" and c.env or {}) do
          if type(e) == "table" and type(e.value) == "string" then
            local reason = secrets.classify(e.name, e.value)
            if reason then
              reported(report, ("%s.env[%d].value"):format(cpath, j - 1), e.name or "?", e.value, reason,
                ("container %q env"):format(c.name or "?"), {
                  container = c.name,
                  remediation = ("Store the value in a Secret and mount it as a file, or at least reference it:\n  env:\n  - name: %s\n    valueFrom:\n      secretKeyRef:\n        name: <secret>\n        key: %s"):format(e.name or "?", (e.name or "key"):lower()),
                })
            end
          end
        end
      end
      return
    end
    local env = type(doc.config) == "table" and doc.config.Env
    for j, kv in ipairs(type(env) == "table" and env or {}) do
      if type(kv) == "string" then
        local name, value = kv:match("^([^=]*)=(.*)$")
        local reason = name and secrets.classify(name, value)
        if reason then
          reported(report, ("config.Env[%d]"):format(j - 1), name, value, reason, "image Env",
            { offset = #name + 1 })
        end
      end
    end
  end,
}
