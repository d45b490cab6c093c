-- encryption-at-rest-missing: Secrets are written to etcd unencrypted.
-- kube-apiserver without --encryption-provider-config; an
-- EncryptionConfiguration whose first provider for secrets is identity
-- (writes in clear text) or aesgcm (CIS lists aescbc, kms and secretbox).
local check = {
  id = "NODE-026", name = "encryption-at-rest-missing", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "Secrets not encrypted at rest",
  description = [[
Without an encryption configuration, or when its first provider for Secrets is
identity, Secrets are stored in etcd in clear text (base64): etcd backups and anyone
with access to etcd's disk read them. The first provider encrypts every write; CIS
accepts aescbc, kms and secretbox.]],
  remediation = "Write an EncryptionConfiguration whose first provider for secrets is kms (v2), aescbc or secretbox, set --encryption-provider-config on kube-apiserver, then rewrite the existing Secrets.",
}

local flag = flags.want_set("kube-apiserver", { "encryption-provider-config" }, "Secrets are stored in etcd unencrypted",
  { ["encryption-provider-config"] = "/etc/kubernetes/encryption/config.yaml" })

local STRONG = { aescbc = true, kms = true, secretbox = true }

-- True when a resources entry's list covers Secrets.
local function covers_secrets(list)
  for _, r in ipairs(type(list) == "table" and list or {}) do
    if r == "secrets" or r == "*.*" or r == "*." then return true end
  end
  return false
end

-- The name of a provider entry ({ aescbc = {...} }): its one key.
local function provider_name(p)
  for _, k in ipairs(k8s.sorted_keys(p)) do return k end
  return nil
end

local function config(doc, report)
  if doc.kind ~= "EncryptionConfiguration" then return end
  local s = flags.subject(doc, report, "EncryptionConfiguration")
  local seen = false
  for r, at in k8s.list(doc, "resources", "") do
    at = at:gsub("^%.", "")
    if type(r) == "table" and covers_secrets(r.resources) then
      seen = true
      local first = type(r.providers) == "table" and r.providers[1]
      local name = type(first) == "table" and provider_name(first)
      if name and not STRONG[name] then
        s.report {
          path = at .. ".providers[0]",
          message = name == "identity" and "writes Secrets unencrypted: the first provider is identity"
            or ("encrypts Secrets with %s: CIS accepts aescbc, kms and secretbox"):format(name),
          remediation = ("In %s.providers put a kms (v2), aescbc or secretbox provider first (keep identity last to read old data), restart kube-apiserver, then rewrite the Secrets: kubectl get secrets -A -o json | kubectl replace -f -"):format(at),
        }
      end
    end
  end
  if not seen then
    s.report {
      path = doc.resources ~= nil and "resources" or "",
      message = "does not cover Secrets: they are written unencrypted",
      remediation = "Add a resources entry for secrets whose first provider is kms (v2), aescbc or secretbox.",
    }
  end
end

check.node = flags.each(flag, config)

return check
