-- selinux-custom-options: SELinux options beyond what the Baseline Pod
-- Security Standard allows. Kubernetes: seLinuxOptions (pod or container
-- level) with a type outside container_t, container_init_t, container_kvm_t,
-- container_engine_t, or with user or role set. Compose: security_opt
-- label=disable / label:disable, label user/role, or a type outside that set.
local allowed_types = {
  container_t = true, container_init_t = true, container_kvm_t = true, container_engine_t = true,
}

local function check_options(o, at, who, cname, report)
  if type(o) ~= "table" then return end
  if o.type ~= nil and o.type ~= "" and not allowed_types[tostring(o.type)] then
    report {
      path = at .. ".type",
      container = cname,
      message = ("%s sets SELinux type %s"):format(who, tostring(o.type)),
      remediation = ("In %s delete type (the runtime assigns container_t) or use one of container_t, container_init_t, container_kvm_t, container_engine_t."):format(at),
    }
  end
  for _, f in ipairs({ "user", "role" }) do
    if o[f] ~= nil and o[f] ~= "" then
      report {
        path = at .. "." .. f,
        container = cname,
        message = ("%s sets SELinux %s %s"):format(who, f, tostring(o[f])),
        remediation = ("Delete %s.%s: only type and level may be set."):format(at, f),
      }
    end
  end
end

local function check_k8s(doc, report)
  local spec, sp = k8s.pod_spec(doc)
  if not spec then return end
  if type(spec.securityContext) == "table" then
    check_options(spec.securityContext.seLinuxOptions, sp .. ".securityContext.seLinuxOptions", k8s.describe(doc), nil, report)
  end
  for c, cpath in k8s.containers(doc) do
    if type(c.securityContext) == "table" then
      check_options(c.securityContext.seLinuxOptions, cpath .. ".securityContext.seLinuxOptions",
        ("container %q"):format(c.name or "?"), c.name, report)
    end
  end
end

local function check_compose(doc, report)
  for svc, spath, name in compose.services(doc) do
    for _, o in ipairs(compose.security_opts(svc, spath)) do
      if o.key == "label" and type(o.value) == "string" then
        local v = o.value
        local field, arg = v:match("^(%a+)[:=](.*)$")
        local bad
        if v == "disable" then bad = "disables SELinux labelling (label=disable)"
        elseif field == "user" or field == "role" then bad = ("sets SELinux %s %s"):format(field, arg)
        elseif field == "type" and not allowed_types[arg] then bad = ("sets SELinux type %s"):format(arg) end
        if bad then
          report {
            path = o.path,
            container = name,
            resource = { kind = "service", name = name },
            message = ("service %q %s"):format(name, bad),
            remediation = ("Delete %s so the container runs with the default container_t label (label=level:… alone is fine)."):format(o.path),
          }
        end
      end
    end
  end
end

return {
  id = "RT-023",
  name = "selinux-custom-options",
  severity = "medium",
  inputs = { "kubernetes", "compose" },
  kinds = "workloads",
  title = "Custom SELinux options",
  description = [[
SELinux confines each container with the container_t type and a unique level.
Setting another type (spc_t, unconfined_t…), a user or a role, or disabling
labels, lifts that confinement: the Baseline Pod Security Standard allows only
the container_* types and an MCS level.]],
  remediation = "Remove custom SELinux user, role and type (or label=disable); set at most level.",
  frameworks = { cis_docker = "5.3", pss = "baseline", nsa_cisa = "Pod security" },

  run = function(doc, report)
    if doc.services then return check_compose(doc, report) end
    return check_k8s(doc, report)
  end,
}
