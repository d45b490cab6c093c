-- hardcoded-secret: a provider token or private key written anywhere other
-- than an environment variable (secret-in-env owns ENV/ARG and env values):
-- Dockerfile RUN lines (heredocs too) and LABEL values; Kubernetes
-- annotations, labels, container command and args; Compose command,
-- entrypoint and labels; image history and labels. Values are masked.
local function scan(report, s, path, where, extra)
  if type(s) ~= "string" then return false end
  local label, a, b = secrets.find_token(s)
  if not label then return false end
  local token = s:sub(a, b)
  local r = {
    path = path, offset = a - 1, secret = token,
    message = ("%s holds a secret (%s): %s"):format(where, label, plimsoll.mask(token)),
  }
  for k, v in pairs(extra or {}) do r[k] = v end
  report(r)
  return true
end

local function sorted_keys(t)
  local ks = {}
  for k in pairs(t) do if type(k) == "string" then ks[#ks + 1] = k end end
  table.sort(ks)
  return ks
end

local skip_annotations = { ["kubectl.kubernetes.io/last-applied-configuration"] = true }

local function check_dockerfile(doc, report)
  for i, st in ipairs(doc.stages) do
    for ins, path in docker.each(doc, i) do
      if ins.cmd == "RUN" then
        if ins.exec then
          for k, e in ipairs(ins.exec) do
            scan(report, e, ("%s.exec[%d]"):format(path, k - 1), "RUN", { container = st.name })
          end
        else
          scan(report, ins.args, path .. ".args", "RUN", { container = st.name })
        end
        for k, h in ipairs(ins.heredocs or {}) do
          scan(report, h.body, ("%s.heredocs[%d].body"):format(path, k - 1), ("RUN heredoc %s"):format(h.name or ""),
            { container = st.name })
        end
      elseif ins.cmd == "LABEL" then
        for k, p in ipairs(ins.pairs or {}) do
          scan(report, p.value, ("%s.pairs[%d].value"):format(path, k - 1), ("LABEL %s"):format(p.key or ""),
            { container = st.name })
        end
      end
    end
  end
end

local function check_meta(report, meta, mpath, what)
  if type(meta) ~= "table" then return end
  for _, field in ipairs({ "annotations", "labels" }) do
    if type(meta[field]) == "table" then
      for _, k in ipairs(sorted_keys(meta[field])) do
        if not skip_annotations[k] then
          scan(report, meta[field][k], ("%s.%s%s"):format(mpath, field, k8s.key(k)),
            ("%s %s %s"):format(what, field == "labels" and "label" or "annotation", k))
        end
      end
    end
  end
end

local function check_k8s(doc, report)
  check_meta(report, doc.metadata, "metadata", doc.kind or "resource")
  local pmeta, ppath = k8s.pod_metadata(doc)
  if pmeta and ppath and ppath ~= "metadata" then check_meta(report, pmeta, ppath, "pod template") end
  for c, cpath in k8s.containers(doc) do
    for _, field in ipairs({ "command", "args" }) do
      for k, v in ipairs(type(c[field]) == "table" and c[field] or {}) do
        scan(report, v, ("%s.%s[%d]"):format(cpath, field, k - 1),
          ("container %q %s"):format(c.name or "?", field), { container = c.name })
      end
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    local extra = { container = name, resource = { kind = "service", name = name } }
    for _, field in ipairs({ "command", "entrypoint" }) do
      local v = svc[field]
      if type(v) == "string" then
        scan(report, v, spath .. "." .. field, ("service %q %s"):format(name, field), extra)
      elseif type(v) == "table" then
        for k, e in ipairs(v) do
          scan(report, e, ("%s.%s[%d]"):format(spath, field, k - 1), ("service %q %s"):format(name, field), extra)
        end
      end
    end
    local labels = svc.labels
    if type(labels) == "table" and #labels > 0 then
      for k, kv in ipairs(labels) do
        scan(report, kv, ("%s.labels[%d]"):format(spath, k - 1), ("service %q label"):format(name), extra)
      end
    elseif type(labels) == "table" then
      for _, k in ipairs(sorted_keys(labels)) do
        scan(report, labels[k], ("%s.labels%s"):format(spath, k8s.key(k)), ("service %q label %s"):format(name, k), extra)
      end
    end
  end
end

local function check_image(doc, report)
  for j, h in ipairs(type(doc.history) == "table" and doc.history or {}) do
    local cb = type(h) == "table" and h.created_by
    -- ENV layers repeat config.Env, which secret-in-env reports
    if type(cb) == "string" and not cb:match("#%(nop%)%s+ENV%s") and not cb:match("^ENV%s") then
      scan(report, cb, ("history[%d].created_by"):format(j - 1), ("image history layer %d"):format(j - 1))
    end
  end
  local labels = type(doc.config) == "table" and doc.config.Labels
  if type(labels) == "table" then
    for _, k in ipairs(sorted_keys(labels)) do
      scan(report, labels[k], ("config.Labels%s"):format(k8s.key(k)), ("image label %s"):format(k))
    end
  end
end

return {
  id = "SEC-004",
  name = "hardcoded-secret",
  severity = "high",
  inputs = { "dockerfile", "kubernetes", "compose", "image" },
  title = "Hard-coded token or private key",
  description = [[
A provider token (AWS, GitHub, GitLab, Slack, Stripe, Google, npm, PyPI…) or
a private key written into a build command, a label, an annotation or a
command line is stored in version control, in the image history and in the
API server, readable by everyone who can read those. Treat it as leaked.]],
  remediation = "Remove the value, rotate it (it has leaked), and deliver it at build time with RUN --mount=type=secret or at run time from a secret store.",
  frameworks = { cis_docker = "4.10", nsa_cisa = "Secrets" },

  run = function(doc, report)
    if doc.stages then return check_dockerfile(doc, report) end
    if doc.services then return check_compose(doc, report) end
    if doc.kind then return check_k8s(doc, report) end
    return check_image(doc, report)
  end,
}
