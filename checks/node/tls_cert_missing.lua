-- tls-cert-missing: a component serves without a configured certificate: kube-apiserver
-- --tls-cert-file/--tls-private-key-file, etcd --cert-file/--key-file,
-- kubelet tlsCertFile/tlsPrivateKeyFile (or serverTLSBootstrap: true).
local check = {
  id = "NODE-023", name = "tls-cert-missing", severity = "high", class = "hardening",
  inputs = { "node" },
  title = "Serving certificate not configured",
  description = [[
Without a certificate from the cluster's CA, the API server and the kubelet serve
a self-signed certificate that clients cannot verify, and etcd serves its clients
without TLS.]],
  remediation = "kube-apiserver: --tls-cert-file and --tls-private-key-file; etcd: --cert-file and --key-file; kubelet: serverTLSBootstrap: true (or tlsCertFile and tlsPrivateKeyFile).",
}

local function kubelet(doc, report)
  if doc.kind ~= "KubeletConfiguration" then return end
  if doc.serverTLSBootstrap == true or (doc.tlsCertFile and doc.tlsPrivateKeyFile) then return end
  flags.subject(doc, report).report {
    path = "", message = "serves its API with a self-signed certificate: neither serverTLSBootstrap: true nor tlsCertFile and tlsPrivateKeyFile",
    remediation = flags.set_field(doc, "serverTLSBootstrap", "serverTLSBootstrap: true   # and approve the kubelet-serving CSRs\n# or: tlsCertFile: /var/lib/kubelet/pki/kubelet.crt and tlsPrivateKeyFile: /var/lib/kubelet/pki/kubelet.key"),
  }
end

check.node = flags.each(
  flags.want_set("kube-apiserver", { "tls-cert-file", "tls-private-key-file" }, "it serves a self-signed certificate", {
    ["tls-cert-file"] = "/etc/kubernetes/pki/apiserver.crt", ["tls-private-key-file"] = "/etc/kubernetes/pki/apiserver.key" }),
  flags.want_set("etcd", { "cert-file", "key-file" }, "clients reach etcd without TLS", {
    ["cert-file"] = "/etc/kubernetes/pki/etcd/server.crt", ["key-file"] = "/etc/kubernetes/pki/etcd/server.key" }),
  kubelet)

return check
