-- hardcoded-secret: a provider token or private key written anywhere other
-- than an environment variable (secret-in-env owns ENV/ARG and env values):
-- Dockerfile RUN lines (heredocs too) and LABEL values; Kubernetes
-- annotations, labels, container command and args; Compose command,
-- entrypoint and labels; image history and labels. Values are masked.
local check = {
  id = "SEC-004", name = "hardcoded-secret", severity = "high", class = "risk",
  inputs = { "dockerfile", "kubernetes", "compose", "image", "archive" },
  helm_values = true, -- also the values files of Helm charts: literal secrets by key
  title = "Hard-coded token or private key",
  description = [[
A provider token (AWS, GitHub, GitLab, Slack, Stripe, Google, npm, PyPI…) or
a private key written into a build command, a label, an annotation or a
command line is stored in version control, in the image history and in the
API server, readable by everyone who can read those. Treat it as leaked.]],
  remediation = "Remove the value, rotate it (it has leaked), and deliver it at build time with RUN --mount=type=secret or at run time from a secret store.",
}

local SKIP_ANNOTATIONS = { ["kubectl.kubernetes.io/last-applied-configuration"] = true }

function check.dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    local ctx = { container = st.name }
    for ins, path in docker.each(doc, i, "RUN") do
      secrets.report_tokens(report, ins.exec, path .. ".exec", "RUN", ctx) -- exec form
      if not ins.exec then secrets.report_token(report, ins.args, path .. ".args", "RUN", ctx) end
      for k, h in ipairs(ins.heredocs or {}) do
        local where = ("RUN heredoc %s"):format(h.name or "")
        secrets.report_token(report, h.body, ("%s.heredocs[%d].body"):format(path, k - 1), where, ctx)
      end
    end
    for ins, path in docker.each(doc, i, "LABEL") do
      for k, p in ipairs(ins.pairs or {}) do
        local where = ("LABEL %s"):format(p.key or "")
        secrets.report_token(report, p.value, ("%s.pairs[%d].value"):format(path, k - 1), where, ctx)
      end
    end
  end
end

-- Annotations and labels of the metadata at mpath; `what` names its owner.
local function scan_metadata(report, meta, mpath, what)
  if type(meta) ~= "table" then return end
  secrets.report_members(report, meta.annotations, mpath .. ".annotations", what .. " annotation", nil, SKIP_ANNOTATIONS)
  secrets.report_members(report, meta.labels, mpath .. ".labels", what .. " label")
end

-- A Helm chart's values file (a document without kind): every value, by
-- its key: a provider token anywhere, or a literal value under a sensitive
-- key (password, apiKey, …). Maps in key order, lists in order.
local function scan_values(report, t, path, depth)
  if type(t) ~= "table" or depth > 64 then return end
  local ctx = { resource = { kind = "Helm values" } }
  local function one(k, v, vpath)
    local shown = vpath:gsub("^%.", "")
    if type(v) == "table" then
      scan_values(report, v, vpath, depth + 1)
    elseif not secrets.report_token(report, v, vpath, "Helm value " .. shown, ctx)
        and type(k) == "string" and secrets.sensitive_name(k) and secrets.literal_value(v) then
      report{ path = vpath, secret = v, resource = ctx.resource,
              message = ("Helm value %s holds a literal secret (sensitive name with a literal value): %s"):format(
                shown, plimsoll.mask(v)) }
    end
  end
  for k, v, vpath in secrets.members(t, path) do one(k, v, vpath) end
  for i, v in ipairs(t) do one(nil, v, ("%s[%d]"):format(path, i - 1)) end
end

function check.kubernetes(doc, report)
  if doc.kind == nil then return scan_values(report, doc, "", 0) end
  scan_metadata(report, doc.metadata, "metadata", doc.kind or "resource")
  local pmeta, ppath = k8s.pod_metadata(doc)
  if pmeta and ppath ~= "metadata" then scan_metadata(report, pmeta, ppath, "pod template") end
  for c, cpath in k8s.containers(doc) do
    for _, field in ipairs({ "command", "args" }) do
      local where = ("container %q %s"):format(c.name or "?", field)
      secrets.report_tokens(report, c[field], cpath .. "." .. field, where, { container = c.name })
    end
  end
end

function check.compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local ctx = { container = name, resource = { kind = "service", name = name } }
    for _, field in ipairs({ "command", "entrypoint" }) do
      local where = ("service %q %s"):format(name, field)
      secrets.report_token(report, svc[field], spath .. "." .. field, where, ctx) -- a string
      secrets.report_tokens(report, svc[field], spath .. "." .. field, where, ctx) -- or a list
    end
    -- labels: a list of "key=value" or a map
    secrets.report_tokens(report, svc.labels, spath .. ".labels", ("service %q label"):format(name), ctx)
    secrets.report_members(report, svc.labels, spath .. ".labels", ("service %q label"):format(name), ctx)
  end
end

function check.image(doc, report)
  for j, h in ipairs(type(doc.history) == "table" and doc.history or {}) do
    local cb = type(h) == "table" and h.created_by
    -- ENV layers repeat config.Env, which secret-in-env reports
    if type(cb) == "string" and not cb:match("#%(nop%)%s+ENV%s") and not cb:match("^ENV%s") then
      secrets.report_token(report, cb, ("history[%d].created_by"):format(j - 1), ("image history layer %d"):format(j - 1))
    end
  end
  secrets.report_members(report, type(doc.config) == "table" and doc.config.Labels, "config.Labels", "image label")
end

-- An image read from an archive: its config as above, then the text files
-- plimsoll kept from its layers (also those a later layer deleted: they are
-- still in the image). Key and credential files are secret-file-copied's.
local function file_tokens(doc, report, list)
  for i, f in ipairs(doc[list]) do
    local label, a, b
    if f.content then label, a, b = secrets.find_token(f.content) end
    if label and not secrets.credential_file(f.path) then
      local token = f.content:sub(a, b)
      local line = select(2, f.content:sub(1, a):gsub("\n", "")) + 1
      local gone = list == "removed"
        and (", %s by layer %d: still in %s"):format(f.replaced and "replaced" or "deleted", f.removed_in,
          archive.origin(doc, f.layer))
        or (", from " .. archive.origin(doc, f.layer))
      report {
        path = archive.path(list, i), secret = token,
        message = ("%s line %d holds a secret (%s): %s%s"):format(archive.shown(f.path), line, label,
          plimsoll.mask(token), gone),
      }
    end
  end
end

function check.archive(doc, report)
  check.image(doc, report)
  file_tokens(doc, report, "files")
  file_tokens(doc, report, "removed")
end

return check
