-- certificate-rotation-disabled: the kubelet configuration does not set rotateCertificates: true (the
-- file's default is false).
local check = {
  id = "NODE-040", name = "certificate-rotation-disabled", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "Kubelet client certificate rotation disabled",
  description = [[
With rotation, the kubelet renews its client certificate from the cluster CA
before it expires; without it, the certificate is long-lived and the node drops
out of the cluster when it expires.]],
  remediation = "Set rotateCertificates: true in the kubelet configuration.",
}

check.node = flags.want_field("KubeletConfiguration", "rotateCertificates", function(v) return v == true end, false,
  "the kubelet's client certificate is not renewed", "rotateCertificates: true")

return check
