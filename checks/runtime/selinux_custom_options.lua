-- selinux-custom-options: SELinux options beyond what the Baseline Pod
-- Security Standard allows. Kubernetes: seLinuxOptions (pod or container
-- level) with a type outside container_t, container_init_t, container_kvm_t,
-- container_engine_t, or with user or role set. Compose: security_opt
-- label=disable / label:disable, label user/role, or a type outside that set.
local check = {
  id = "RT-023", name = "selinux-custom-options", severity = "medium", class = "risk",
  inputs = { "kubernetes", "compose", "container" }, kinds = "workloads",
  title = "Custom SELinux options",
  description = [[
SELinux confines each container with the container_t type and a unique level.
Setting another type (spc_t, unconfined_t…), a user or a role, or disabling
labels, lifts that confinement: the Baseline Pod Security Standard allows only
the container_* types and an MCS level.]],
  remediation = "Remove custom SELinux user, role and type (or label=disable); set at most level.",
}

local allowed_types = {
  container_t = true, container_init_t = true, container_kvm_t = true, container_engine_t = true,
}

-- seLinuxOptions o (at path at) of subject s: a type outside the allowed set, a user or a role.
local function check_options(o, at, s)
  if type(o) ~= "table" then return end
  if o.type ~= nil and o.type ~= "" and not allowed_types[tostring(o.type)] then
    s.report {
      path = at .. ".type", message = ("sets SELinux type %s"):format(tostring(o.type)),
      remediation = ("In %s delete type (the runtime assigns container_t) or use one of container_t, container_init_t, container_kvm_t, container_engine_t."):format(at),
    }
  end
  for _, f in ipairs({ "user", "role" }) do
    if o[f] ~= nil and o[f] ~= "" then
      s.report {
        path = at .. "." .. f, message = ("sets SELinux %s %s"):format(f, tostring(o[f])),
        remediation = ("Delete %s.%s: only type and level may be set."):format(at, f),
      }
    end
  end
end

function check.kubernetes(doc, report)
  for s, sc in k8s.security_contexts(doc, report) do
    if sc then check_options(sc.seLinuxOptions, s.sc .. ".seLinuxOptions", s) end
  end
end

-- What a security_opt label value lifts, or nil: label=disable, a user or role, a type outside the set.
local function label_problem(v)
  local field, arg = v:match("^(%a+)[:=](.*)$")
  if v == "disable" then return "disables SELinux labelling (label=disable)" end
  if field == "user" or field == "role" then return ("sets SELinux %s %s"):format(field, arg) end
  if field == "type" and not allowed_types[arg] then return ("sets SELinux type %s"):format(arg) end
  return nil
end

function check.compose(doc, report)
  for svc, s in compose.each_service(doc, report) do
    for _, o in ipairs(compose.security_opts(svc, s.path)) do
      local bad = o.key == "label" and type(o.value) == "string" and label_problem(o.value)
      if bad then
        s.report {
          path = o.path, message = bad,
          remediation = ("Delete %s so the container runs with the default container_t label (label=level:… alone is fine)."):format(o.path),
        }
      end
    end
  end
end

-- Running container: HostConfig.SecurityOpt label=… entries.
function check.container(doc, report)
  for _, o in ipairs(inspect.security_opts(doc)) do
    local bad = o.key == "label" and type(o.value) == "string" and label_problem(o.value)
    if bad then
      inspect.subject(doc, report).report {
        path = o.path, message = bad,
        remediation = "Recreate the container without that --security-opt label option, so it runs with the default container_t label.",
      }
    end
  end
end

return check
