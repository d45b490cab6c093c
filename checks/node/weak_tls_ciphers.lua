-- weak-tls-ciphers: kube-apiserver's --tls-cipher-suites or the kubelet's tlsCipherSuites is
-- unset or holds a suite outside CIS's strong list.
local check = {
  id = "NODE-027", name = "weak-tls-ciphers", severity = "medium", class = "risk",
  inputs = { "node" },
  title = "TLS cipher suites not restricted to strong ones",
  description = [[
Left at the defaults, or listing CBC, RC4, 3DES or static-RSA suites, the API
server and kubelet accept ciphers that are weak or lack forward secrecy. CIS lists
the strong suites for each.]],
  remediation = "Set --tls-cipher-suites on kube-apiserver and tlsCipherSuites in the kubelet configuration to ECDHE suites with AES-GCM or ChaCha20-Poly1305 (and TLS 1.3 suites).",
}

-- The strong suites of CIS Kubernetes 1.2.29 (API server) and 4.2.12 (kubelet).
local APISERVER = {}
for _, c in ipairs({ "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
  "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
  "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256" }) do
  APISERVER[c] = true
end
local KUBELET = {}
for _, c in ipairs({ "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
  "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305",
  "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_256_GCM_SHA384", "TLS_RSA_WITH_AES_128_GCM_SHA256" }) do
  KUBELET[c] = true
end
local EXAMPLE = "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305,TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305"

local function apiserver(doc, report)
  local f = flags.of(doc, "kube-apiserver")
  if not f then return end
  local s = flags.subject(doc, report, f.component)
  local items = flags.list(f, "tls-cipher-suites")
  if not items then
    s.report { path = f.argv, message = "does not set --tls-cipher-suites: the Go defaults, not CIS's strong list, apply",
               remediation = flags.add_flag(f, "--tls-cipher-suites=" .. EXAMPLE) }
    return
  end
  for _, it in ipairs(items) do
    if not APISERVER[it.value] then
      s.report { path = it.path, offset = it.offset, message = ("accepts the weak cipher suite %s"):format(it.value),
                 remediation = ("Remove %s from --tls-cipher-suites; keep ECDHE suites with AES-GCM or ChaCha20-Poly1305."):format(it.value) }
    end
  end
end

local function kubelet(doc, report)
  if doc.kind ~= "KubeletConfiguration" then return end
  local s = flags.subject(doc, report)
  local list = doc.tlsCipherSuites
  if type(list) ~= "table" or #list == 0 then
    s.report { path = list ~= nil and "tlsCipherSuites" or "", message = "does not set tlsCipherSuites: the Go defaults, not CIS's strong list, apply",
               remediation = flags.set_field(doc, "tlsCipherSuites", "tlsCipherSuites:\n- " .. EXAMPLE:gsub(",", "\n- ")) }
    return
  end
  for c, at in k8s.list(doc, "tlsCipherSuites", "") do
    if not KUBELET[tostring(c)] then
      s.report { path = at:gsub("^%.", ""), message = ("accepts the weak cipher suite %s"):format(tostring(c)),
                 remediation = ("Remove %s from tlsCipherSuites; keep ECDHE suites with AES-GCM or ChaCha20-Poly1305."):format(tostring(c)) }
    end
  end
end

check.node = flags.each(apiserver, kubelet)

return check
