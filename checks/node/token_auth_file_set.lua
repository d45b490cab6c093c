-- token-auth-file-set: kube-apiserver authenticates with a static token file (--token-auth-file).
local check = {
  id = "NODE-002", name = "token-auth-file-set", severity = "high", class = "risk",
  inputs = { "node" },
  title = "Static token file authentication",
  description = [[
Tokens in a static file are bearer credentials kept in clear text on the control
plane, never expire and can only be changed by restarting the API server.]],
  remediation = "Remove --token-auth-file and authenticate users with client certificates, OIDC or a webhook.",
}

function check.node(doc, report)
  local f = flags.of(doc, "kube-apiserver")
  local o = f and flags.get(f, "token-auth-file")
  if o and o.value ~= "" then
    flags.subject(doc, report, f.component).report {
      path = o.path, offset = o.offset, message = ("authenticates with a static token file (%s): long-lived bearer tokens in clear text"):format(flags.show(o)),
      remediation = ("Remove %s from %s and authenticate users with OIDC, client certificates or a webhook."):format(o.text, f.argv),
    }
  end
end

return check
