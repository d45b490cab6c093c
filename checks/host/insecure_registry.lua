-- insecure-registry: daemon.json lists "insecure-registries": images are pulled over plain
-- HTTP or unverified TLS from them.
local check = {
  id = "DMN-004", name = "insecure-registry", severity = "high", class = "risk",
  inputs = { "daemon" },
  title = "Insecure registries configured",
  description = [[
An insecure registry is reached without TLS or without verifying its certificate:
anyone on the path can serve a different image under the same name, and
credentials sent to it travel in clear.]],
  remediation = "Remove the entries of \"insecure-registries\"; give each registry a certificate the daemon trusts (/etc/docker/certs.d/<registry>/ca.crt).",
}

function check.daemon(doc, report)
  for r, at in k8s.list(doc, "insecure-registries", "") do
    report {
      path = at:gsub("^%.", ""), message = ("trusts the insecure registry %s: images and credentials travel without verified TLS"):format(tostring(r)),
      remediation = ("Remove %s from \"insecure-registries\" and install its CA certificate in /etc/docker/certs.d/%s/ca.crt instead."):format(
        tostring(r), tostring(r)),
    }
  end
end

return check
