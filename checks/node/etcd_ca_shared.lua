-- etcd-ca-shared: etcd trusts the same CA as the API server's clients: its
-- --trusted-ca-file (or ETCD_TRUSTED_CA_FILE) is the file kube-apiserver
-- names in --client-ca-file. Across the scanned node documents; decided only
-- when both static pods are in the scan.
local check = {
  id = "NODE-043", name = "etcd-ca-shared", severity = "medium", class = "hardening",
  inputs = { "node" },
  title = "etcd trusts the cluster's client CA",
  description = [[
etcd should trust only certificates of a CA of its own. When its trusted CA is the
one the API server accepts client certificates from, every certificate that CA ever
issued (kubelets, controllers, administrators) can connect to etcd directly and read
and write the cluster's data, Secrets included, past the API server's authorization.]],
  remediation = "Give etcd a CA of its own (kubeadm: /etc/kubernetes/pki/etcd/ca.crt), issue etcd's server, peer and the API server's etcd client certificates from it, and set --trusted-ca-file to it.",
}

function check.node_all(docs, report)
  local client_cas = {}
  for _, d in ipairs(docs) do
    local f = flags.of(d, "kube-apiserver")
    local o = f and flags.get(f, "client-ca-file")
    if o and type(o.value) == "string" and o.value ~= "" then client_cas[o.value] = true end
  end
  for _, d in ipairs(docs) do
    local f = flags.of(d, "etcd")
    local o = f and flags.get(f, "trusted-ca-file")
    if o and client_cas[o.value] then
      report {
        doc = d, path = o.path, offset = o.offset,
        message = ("etcd trusts %s, the CA kube-apiserver accepts client certificates from (--client-ca-file): every client certificate of the cluster can reach etcd"):format(o.value),
      }
    end
  end
end

return check
