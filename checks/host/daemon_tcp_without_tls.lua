-- daemon-tcp-without-tls: daemon.json has a tcp:// listener in "hosts" but not "tlsverify": true
-- with tlscacert, tlscert and tlskey.
local check = {
  id = "DMN-006", name = "daemon-tcp-without-tls", severity = "critical", class = "risk",
  inputs = { "daemon" },
  title = "Docker API on TCP without TLS client authentication",
  description = [[
The Docker API is root on the host. Listening on TCP without TLS lets anyone who
reaches the port run privileged containers; TLS without tlsverify encrypts but
accepts every client.]],
  remediation = "Listen on the unix socket only, or set \"tlsverify\": true with \"tlscacert\", \"tlscert\" and \"tlskey\" so only clients with certificates signed by your CA connect.",
}

function check.daemon(doc, report)
  local verify = daemon.truthy(doc.tlsverify)
  local missing = {}
  for _, k in ipairs({ "tlscacert", "tlscert", "tlskey" }) do
    if type(doc[k]) ~= "string" or doc[k] == "" then missing[#missing + 1] = k end
  end
  if verify and #missing == 0 then return end
  local why = not verify and 'without "tlsverify": true, so any client may use the API'
    or ("without %s"):format(table.concat(missing, ", "))
  for _, h in ipairs(daemon.tcp_hosts(doc)) do
    report {
      path = h.path, message = ("serves the Docker API on %s %s"):format(h.url, why),
      remediation = 'In /etc/docker/daemon.json set "tlsverify": true, "tlscacert": "/etc/docker/tls/ca.pem", "tlscert": "/etc/docker/tls/server-cert.pem", "tlskey": "/etc/docker/tls/server-key.pem" (port 2376), or remove the tcp:// entry from "hosts".',
    }
  end
end

return check
