-- secret-object-committed: a Secret manifest with literal data or stringData
-- in the repository. The values are never printed, only the keys.
local check = {
  id = "SEC-007", name = "secret-object-committed", severity = "low", class = "risk",
  inputs = { "kubernetes" }, kinds = { "Secret" },
  title = "Secret with literal values committed",
  description = [[
A Secret manifest with its values written out puts the credentials in version
control, readable by everyone with the repository (base64 is an encoding, not
encryption) and in its history for good. Keep the manifest without values and
fill them from a secret store: External Secrets, Sealed Secrets, SOPS, or a
generator that reads them at deploy time.]],
  remediation = "Remove the values from the repository (and rotate them); create the Secret from a secret store (ExternalSecret, SealedSecret, SOPS) or at deploy time.",
}

-- Service-account token Secrets are filled in by the control plane.
local FILLED_BY_CLUSTER = { ["kubernetes.io/service-account-token"] = true }

-- Is v a value someone wrote (not empty, not a template placeholder)?
local function literal(v)
  if type(v) == "number" then return true end
  if type(v) ~= "string" then return false end
  local t = v:match("^%s*(.-)%s*$")
  return t ~= "" and not secrets.placeholder(t)
end

function check.kubernetes(doc, report)
  if FILLED_BY_CLUSTER[doc.type] then return end
  for _, field in ipairs({ "stringData", "data" }) do
    local keys = {}
    for k, v in secrets.members(doc[field], field) do
      if literal(v) then keys[#keys + 1] = k end
    end
    if #keys > 0 then
      local shown = #keys > 5 and table.concat(keys, ", ", 1, 5) .. (", +%d more"):format(#keys - 5) or table.concat(keys, ", ")
      report {
        path = field,
        message = ("%s has %d literal value%s in %s (%s) committed with the manifest"):format(
          k8s.describe(doc), #keys, #keys == 1 and "" or "s", field, shown),
      }
    end
  end
end

return check
