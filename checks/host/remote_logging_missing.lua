-- remote-logging-missing: the daemon's log driver keeps logs on the host (json-file, local, none
-- or unset): no centralized, remote copy.
local check = {
  id = "DMN-011", name = "remote-logging-missing", severity = "low", class = "hardening",
  inputs = { "daemon" },
  title = "Container logs stay on the host",
  description = [[
Logs kept only on the host are lost with it and can be altered by whoever
compromises it. A remote log driver (syslog, journald forwarded, fluentd, gelf,
splunk, awslogs…) keeps a copy the attacker cannot rewrite.]],
  remediation = "Set \"log-driver\" to a remote driver (syslog, fluentd, gelf, splunk, awslogs, gcplogs…) with its \"log-opts\" address.",
}

local local_drivers = { ["json-file"] = true, ["local"] = true, none = true }

function check.daemon(doc, report)
  local v, at, set = daemon.get(doc, "log-driver")
  if local_drivers[tostring(v)] then
    report {
      path = at, remediation = daemon.set("log-driver", '"syslog"', 'with "log-opts": { "syslog-address": "tcp+tls://logs.example.com:6514" } (or fluentd, gelf, splunk…).'),
      message = set and ('keeps container logs on the host ("log-driver": "%s")'):format(tostring(v))
        or 'keeps container logs on the host ("log-driver" unset: json-file)',
    }
  end
end

return check
