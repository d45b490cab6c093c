-- secret-file-copied: key and credential files copied into an image by
-- COPY/ADD, judged on every source path and on the destination (COPY x
-- /root/.ssh/id_rsa). Public keys, CA bundles and signing keys pass.
local function base(p) return (p:gsub("[/\\]+$", "")):match("([^/\\]+)$") or p end

local rules = {
  { "an SSH private key", function(p, b) return b:match("^id_[%w]+$") and b ~= "id_rsa.pub"
      and (b:match("^id_rsa$") or b:match("^id_dsa$") or b:match("^id_ecdsa") or b:match("^id_ed25519")) end },
  { "an SSH directory", function(p, b) return b == ".ssh" end },
  { "AWS credentials", function(p) return p:match("%.aws/credentials$") or p:match("%.aws/?$") end },
  { "Docker registry credentials", function(p) return p:match("%.docker/config%.json$") end },
  { "Kubernetes credentials", function(p, b) return b == "kubeconfig" or p:match("%.kube/config$") or p:match("%.kube/?$") end },
  { "package registry credentials", function(p, b) return b == ".npmrc" or b == ".pypirc" or b == ".gem/credentials" or p:match("%.gem/credentials$") end },
  { "git credentials", function(p, b) return b == ".git-credentials" end },
  { "a .netrc", function(p, b) return b == ".netrc" or b == "_netrc" end },
  { "an environment file", function(p, b)
      return (b == ".env" or b:match("^%.env%.")) and not b:match("%.example$") and not b:match("%.sample$")
        and not b:match("%.template$") and not b:match("%.dist$") and not b:match("%.tpl$") end },
  { "a PKCS#12 keystore", function(p, b) return b:match("%.p12$") or b:match("%.pfx$") end },
  { "a Java keystore", function(p, b) return b:match("%.jks$") or b:match("%.keystore$") end },
  { "a private key", function(p, b)
      if not (b:match("%.pem$") or b:match("%.key$")) then return false end
      -- certificates, CA bundles, public and signing keys are public
      return not (b:match("cert") or b:match("^ca[%.%-_]") or b:match("[%-_]ca%.") or b:match("chain")
        or b:match("bundle") or b:match("pub") or b:match("gpg") or b:match("signing") or b:match("release")
        or b:match("apt") or b:match("repo") or b:match("archive") or b:match("^ca%.") or b:match("trust")
        or b:match("root") or b:match("%.crt")) end },
  { "an htpasswd file", function(p, b) return b == ".htpasswd" end },
  { "a GCP service account key", function(p, b) return b:match("service[%-_]account.*%.json$") end },
}

local function classify(p)
  if type(p) ~= "string" or p == "" or p:find("%$") then return nil end
  local low = p:lower()
  local b = base(low)
  for _, r in ipairs(rules) do
    if r[2](low, b) then return r[1] end
  end
  return nil
end

return {
  id = "SEC-005",
  name = "secret-file-copied",
  severity = "high",
  inputs = { "dockerfile" },
  title = "Key or credential file copied into the image",
  description = [[
A private key, cloud or registry credential, .env file or keystore copied
into an image stays in that layer for good (deleting it later only hides
it): everyone who can pull the image, or any stage's build cache, has it.]],
  remediation = "Do not copy credentials: use RUN --mount=type=secret (or --mount=type=ssh) at build time, mount them at run time, and list them in .dockerignore.",
  frameworks = { cis_docker = "4.10", nsa_cisa = "Secrets" },

  run = function(doc, report)
    for i, st in ipairs(doc.stages) do
      for ins, path in docker.each(doc, i) do
        if ins.cmd == "COPY" or ins.cmd == "ADD" then
          local sources, dest = docker.copy_parts(ins)
          local hit = false
          -- a key file installed as a public or package-signing key
          local dlow = dest and dest.text:lower() or ""
          local public_dest = dlow:match("pub") or dlow:match("keyring") or dlow:match("gpg")
            or dlow:match("/etc/apt/") or dlow:match("/etc/apk/keys") or dlow:match("trusted")
          for _, s in ipairs(sources) do
            local what = not s.heredoc and not docker.is_url(s.text) and classify(s.text)
            if what == "a private key" and public_dest then what = nil end
            if what then
              hit = true
              report {
                path = path .. ".args", offset = s.offset, container = st.name,
                message = ("%s copies %s into the image: %s"):format(ins.cmd, what, s.text),
                remediation = ("Remove %s from the %s on line %d and add it to .dockerignore; to use it during the build:\n  RUN --mount=type=secret,id=%s,target=<path> …"):format(
                  s.text, ins.cmd, ins.line or 0, base(s.text):gsub("^%.", "")),
              }
            end
          end
          local what = not hit and dest and classify(dest.text)
          if what and what ~= "an SSH directory" then
            report {
              path = path .. ".args", offset = dest.offset, container = st.name,
              message = ("%s writes %s into the image: %s"):format(ins.cmd, what, dest.text),
              remediation = ("Remove the %s on line %d; mount the credential at build time:\n  RUN --mount=type=secret,id=%s,target=%s …"):format(
                ins.cmd, ins.line or 0, base(dest.text):gsub("^%.", ""), dest.text),
            }
          end
        end
      end
    end
  end,
}
