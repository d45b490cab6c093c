-- require-owner: every Compose service and Dockerfile names its owning team.
local check = {
  id = "ORG-002", name = "require-owner", severity = "info",
  inputs = { "compose", "dockerfile" },
  title = "No owning team", description = "Nobody to call.", remediation = "Add the example.com/team label.",
}

function check.compose(doc, report)
  for svc, path, name in compose.services(doc) do
    if not owners.team(svc.labels) then
      report { path = path, container = name, message = ("service %q names no team"):format(name) }
    end
  end
end

function check.dockerfile(doc, report)
  for ins in docker.all(doc) do
    if ins.cmd == "LABEL" then
      for _, kv in ipairs(ins.pairs or {}) do
        if kv.key == "example.com/team" then return end
      end
    end
  end
  report { path = "stages[0]", message = "the Dockerfile names no team" }
end

return check
