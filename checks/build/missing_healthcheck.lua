-- missing-healthcheck: the shipped image declares no HEALTHCHECK.
local check = {
  id = "DF-001", name = "missing-healthcheck", severity = "low", class = "hardening",
  inputs = { "dockerfile", "image", "archive" },
  title = "Image has no HEALTHCHECK",
  description = [[
Without a HEALTHCHECK, Docker and Compose only know whether the process is
alive, not whether it works: a hung server stays "running" forever. (Kubernetes
ignores HEALTHCHECK and uses probes instead; see missing-liveness-probe.)]],
  remediation = "Add a HEALTHCHECK to the final stage, e.g.\n  HEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost:8080/healthz || exit 1",
}

function check.dockerfile(doc, report)
  local hc, path, fi = docker.inherited(doc, "HEALTHCHECK")
  if not fi then return end
  if not hc then
    report { path = docker.instr_path(fi, 1), message = "the final stage has no HEALTHCHECK instruction" }
  elseif hc.none then
    report { path = path, message = "HEALTHCHECK NONE disables the health check of the final image" }
  end
end

function check.image(doc, report)
  local cfg = doc.config
  if type(cfg) ~= "table" then return end
  local hc = cfg.Healthcheck
  if type(hc) ~= "table" or type(hc.Test) ~= "table" or #hc.Test == 0 then
    report { path = hc and "config.Healthcheck" or "config", message = "the image config has no Healthcheck" }
  elseif hc.Test[1] == "NONE" then
    report { path = "config.Healthcheck.Test", message = "the image health check is disabled (Test: NONE)" }
  end
end

-- An image read from an archive has the same config members.
check.archive = check.image

return check
