-- secret-ref-as-env: a Secret delivered to a container as environment
-- variables (env[].valueFrom.secretKeyRef, envFrom[].secretRef) instead of as
-- files from a secret volume.
local function volume_yaml(secret, key)
  return ([[
Mount the Secret as a file and read it from there:
  volumes:
  - name: %s
    secret:
      secretName: %s%s
  containers:
  - volumeMounts:
    - name: %s
      mountPath: /var/run/secrets/%s
      readOnly: true]]):format(secret, secret,
    key and ("\n      items:\n      - key: %s\n        path: %s"):format(key, key) or "", secret, secret)
end

return {
  id = "SEC-002",
  name = "secret-ref-as-env",
  severity = "low",
  inputs = { "kubernetes" },
  kinds = "workloads",
  title = "Secret delivered as an environment variable",
  description = [[
Environment variables are inherited by every child process, printed by crash
handlers and debug endpoints, and visible in /proc/<pid>/environ to anything
sharing the PID namespace. A Secret mounted as a file can be given narrow
permissions, is updated in place when the Secret is rotated, and is not copied
into every subprocess.]],
  remediation = "Mount the Secret as a volume (secret: secretName: …) and have the application read the file.",
  frameworks = { cis_kubernetes = "5.4.1", nsa_cisa = "Secrets" },

  run = function(doc, report)
    for c, cpath in k8s.containers(doc) do
      local cname = c.name or "?"
      for j, e in ipairs(type(c.env) == "table" and c.env or {}) do
        local ref = type(e) == "table" and type(e.valueFrom) == "table" and e.valueFrom.secretKeyRef
        if type(ref) == "table" then
          report {
            path = ("%s.env[%d].valueFrom.secretKeyRef"):format(cpath, j - 1),
            container = c.name,
            message = ("container %q receives key %q of Secret %q as environment variable %s"):format(
              cname, tostring(ref.key or "?"), tostring(ref.name or "?"), tostring(e.name or "?")),
            remediation = volume_yaml(tostring(ref.name or "<secret>"), ref.key and tostring(ref.key)),
          }
        end
      end
      for j, ef in ipairs(type(c.envFrom) == "table" and c.envFrom or {}) do
        local ref = type(ef) == "table" and ef.secretRef
        if type(ref) == "table" then
          report {
            path = ("%s.envFrom[%d].secretRef"):format(cpath, j - 1),
            container = c.name,
            message = ("container %q imports every key of Secret %q as environment variables"):format(
              cname, tostring(ref.name or "?")),
            remediation = volume_yaml(tostring(ref.name or "<secret>"), nil),
          }
        end
      end
    end
  end,
}
