-- deprecated-api-version: a manifest whose apiVersion/kind is no longer served
-- by current Kubernetes (or is scheduled for removal). The table below the
-- metadata lists the version where it was removed and what replaces it; it
-- follows the Kubernetes deprecated API migration guide.
local check = {
  id = "K8S-008", name = "deprecated-api-version", severity = "medium", class = "hardening",
  inputs = { "kubernetes" },
  title = "API version removed or deprecated in current Kubernetes",
  description = [[
An apiVersion that current Kubernetes no longer serves makes `kubectl apply`
fail, so the manifest blocks cluster upgrades or is silently left out of a
deployment; it also means the manifest has not been reviewed since, and misses
the safer defaults of the newer API (required selectors, pathType, schemas).]],
  remediation = "Migrate the manifest to the replacement apiVersion named in the finding (kubectl convert helps), adjusting the fields that changed.",
}

-- removed[apiVersion][kind or "*" for any kind] = { removed in, replacement
-- or false, note }. Entries shared by several kinds are named once.
local APPS = { "1.16", "apps/v1", "spec.selector is required in apps/v1" }
local INGRESS = { "1.22", "networking.k8s.io/v1", "backend fields are renamed (service.name, service.port.number) and pathType is required" }
local WEBHOOKS = { "1.22", "admissionregistration.k8s.io/v1", "webhooks[].admissionReviewVersions and sideEffects are required" }
local STORAGE = { "1.22", "storage.k8s.io/v1" }
local removed = {
  ["extensions/v1beta1"] = {
    Deployment = APPS, DaemonSet = APPS, ReplicaSet = APPS, Ingress = INGRESS, NetworkPolicy = { "1.16", "networking.k8s.io/v1" },
    PodSecurityPolicy = { "1.16", false, "PodSecurityPolicy was removed in 1.25: use Pod Security Admission namespace labels" },
    ["*"] = { "1.22", false, "the extensions API group is no longer served" },
  },
  ["apps/v1beta1"] = { ["*"] = APPS },
  ["apps/v1beta2"] = { ["*"] = APPS },
  ["batch/v2alpha1"] = { CronJob = { "1.21", "batch/v1" } },
  ["batch/v1beta1"] = { CronJob = { "1.25", "batch/v1" } },
  ["policy/v1beta1"] = {
    PodDisruptionBudget = { "1.25", "policy/v1", "an empty spec.selector selects every pod in policy/v1" },
    PodSecurityPolicy = { "1.25", false, "use Pod Security Admission: label the namespace pod-security.kubernetes.io/enforce" },
  },
  ["autoscaling/v2beta1"] = { HorizontalPodAutoscaler = { "1.25", "autoscaling/v2", "metrics targets are restructured (target.type/averageUtilization)" } },
  ["autoscaling/v2beta2"] = { HorizontalPodAutoscaler = { "1.26", "autoscaling/v2" } },
  ["networking.k8s.io/v1beta1"] = { Ingress = INGRESS, IngressClass = { "1.22", "networking.k8s.io/v1" } },
  ["rbac.authorization.k8s.io/v1beta1"] = { ["*"] = { "1.22", "rbac.authorization.k8s.io/v1" } },
  ["rbac.authorization.k8s.io/v1alpha1"] = { ["*"] = { "1.22", "rbac.authorization.k8s.io/v1" } },
  ["admissionregistration.k8s.io/v1beta1"] = { MutatingWebhookConfiguration = WEBHOOKS, ValidatingWebhookConfiguration = WEBHOOKS },
  ["apiextensions.k8s.io/v1beta1"] = { CustomResourceDefinition = { "1.22", "apiextensions.k8s.io/v1", "spec.versions[].schema.openAPIV3Schema is required" } },
  ["apiregistration.k8s.io/v1beta1"] = { APIService = { "1.22", "apiregistration.k8s.io/v1" } },
  ["authentication.k8s.io/v1beta1"] = { TokenReview = { "1.22", "authentication.k8s.io/v1" } },
  ["authorization.k8s.io/v1beta1"] = { ["*"] = { "1.22", "authorization.k8s.io/v1" } },
  ["certificates.k8s.io/v1beta1"] = { CertificateSigningRequest = { "1.22", "certificates.k8s.io/v1", "spec.signerName is required" } },
  ["coordination.k8s.io/v1beta1"] = { Lease = { "1.22", "coordination.k8s.io/v1" } },
  ["scheduling.k8s.io/v1beta1"] = { PriorityClass = { "1.22", "scheduling.k8s.io/v1" } },
  ["scheduling.k8s.io/v1alpha1"] = { PriorityClass = { "1.17", "scheduling.k8s.io/v1" } },
  ["storage.k8s.io/v1beta1"] = {
    CSIDriver = STORAGE, CSINode = STORAGE, StorageClass = STORAGE, VolumeAttachment = STORAGE, CSIStorageCapacity = { "1.27", "storage.k8s.io/v1" },
  },
  ["discovery.k8s.io/v1beta1"] = { EndpointSlice = { "1.25", "discovery.k8s.io/v1" } },
  ["events.k8s.io/v1beta1"] = { Event = { "1.25", "events.k8s.io/v1" } },
  ["node.k8s.io/v1beta1"] = { RuntimeClass = { "1.25", "node.k8s.io/v1" } },
  ["node.k8s.io/v1alpha1"] = { RuntimeClass = { "1.22", "node.k8s.io/v1" } },
  ["flowcontrol.apiserver.k8s.io/v1beta1"] = { ["*"] = { "1.26", "flowcontrol.apiserver.k8s.io/v1" } },
  ["flowcontrol.apiserver.k8s.io/v1beta2"] = { ["*"] = { "1.29", "flowcontrol.apiserver.k8s.io/v1" } },
  ["flowcontrol.apiserver.k8s.io/v1beta3"] = { ["*"] = { "1.32", "flowcontrol.apiserver.k8s.io/v1" } },
}

function check.kubernetes(doc, report)
  local v, kind = doc.apiVersion, doc.kind
  local g = type(v) == "string" and type(kind) == "string" and removed[v]
  local e = g and (g[kind] or g["*"])
  if not e then return end
  local what, since, repl, note = k8s.describe(doc), e[1], e[2], e[3]
  report {
    path = "apiVersion",
    message = ("%s uses %s, which Kubernetes %s no longer serves%s"):format(what, v, since,
      repl and (": use " .. repl) or note and (": " .. note) or ""),
    remediation = repl and ("Change the apiVersion of %s to %s%s."):format(what, repl, note and ("; " .. note) or "")
      or ("%s has no direct replacement: %s."):format(what, note or "remove it"),
    fix = repl and { { path = "apiVersion", value = repl } } or nil,
  }
end

return check
