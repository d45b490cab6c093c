-- inter-container-communication: inter-container traffic on the default bridge is not restricted:
-- daemon.json does not set "icc": false (the default is true).
local check = {
  id = "DMN-001", name = "inter-container-communication", severity = "medium", class = "hardening",
  inputs = { "daemon" },
  title = "Containers on the default bridge can talk to each other",
  description = [[
With icc enabled (the default), every container on the default bridge network can
reach every port of every other container on it, so one compromised container can
probe and attack the rest. Disable it and let containers that must talk share a
user-defined network, or link explicitly.]],
  remediation = "Set \"icc\": false in daemon.json and put containers that must talk on a user-defined network.",
}

check.daemon = daemon.want_bool("icc", false, "containers on the default bridge reach each other on every port",
  "Containers that must talk then share a user-defined network (docker network create).")

return check
