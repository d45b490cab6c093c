-- secret-ref-as-env: a Secret delivered to a container as environment
-- variables (env[].valueFrom.secretKeyRef, envFrom[].secretRef) instead of as
-- files from a secret volume.
local check = {
  id = "SEC-002", name = "secret-ref-as-env", severity = "low", class = "hardening",
  inputs = { "kubernetes" }, kinds = "workloads",
  title = "Secret delivered as an environment variable",
  description = [[
Environment variables are inherited by every child process, printed by crash
handlers and debug endpoints, and visible in /proc/<pid>/environ to anything
sharing the PID namespace. A Secret mounted as a file can be given narrow
permissions, is updated in place when the Secret is rotated, and is not copied
into every subprocess.]],
  remediation = "Mount the Secret as a volume (secret: secretName: …) and have the application read the file.",
}

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

function check.kubernetes(doc, report)
  for v in env.kubernetes(doc) do
    local key_ref = v.value_from and v.value_from.secretKeyRef
    local ref = v.env_from and v.env_from.secretRef
    local cname = v.container or "?"
    if type(key_ref) == "table" then
      report {
        path = v.entry_path .. ".valueFrom.secretKeyRef", container = v.container,
        message = ("container %q receives key %q of Secret %q as environment variable %s"):format(
          cname, tostring(key_ref.key or "?"), tostring(key_ref.name or "?"), tostring(v.name or "?")),
        remediation = volume_yaml(tostring(key_ref.name or "<secret>"), key_ref.key and tostring(key_ref.key)),
      }
    elseif type(ref) == "table" then
      report {
        path = v.entry_path .. ".secretRef", container = v.container,
        message = ("container %q imports every key of Secret %q as environment variables"):format(
          cname, tostring(ref.name or "?")),
        remediation = volume_yaml(tostring(ref.name or "<secret>"), nil),
      }
    end
  end
end

return check
