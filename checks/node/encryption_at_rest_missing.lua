-- encryption-at-rest-missing: kube-apiserver does not set --encryption-provider-config.
local check = {
  id = "NODE-026", name = "encryption-at-rest-missing", severity = "medium",
  inputs = { "node" },
  title = "Secrets not encrypted at rest",
  description = [[
Without an encryption configuration, Secrets are stored in etcd in clear text
(base64): etcd backups and anyone with access to etcd's disk read them.]],
  remediation = "Write an EncryptionConfiguration (aescbc, secretbox or a KMS provider first) and set --encryption-provider-config on kube-apiserver.",
  frameworks = { cis_kubernetes = "1.2.27" },
}

check.node = flags.want_set("kube-apiserver", { "encryption-provider-config" }, "Secrets are stored in etcd unencrypted",
  { ["encryption-provider-config"] = "/etc/kubernetes/encryption/config.yaml" })

return check
