-- kernel-defaults-not-protected: the kubelet configuration does not set protectKernelDefaults: true
-- (CIS Kubernetes 1.8 and earlier, 4.2.6).
local check = {
  id = "NODE-042", name = "kernel-defaults-not-protected", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "Kubelet may change kernel settings",
  description = [[
With protectKernelDefaults, the kubelet refuses to start when the node's kernel
settings differ from what it needs instead of changing them, so hardened sysctls
set by the node's administrator stay in force.]],
  remediation = "Set protectKernelDefaults: true in the kubelet configuration after tuning the node's sysctls (vm.overcommit_memory=1, kernel.panic=10, kernel.panic_on_oops=1).",
}

check.node = flags.want_field("KubeletConfiguration", "protectKernelDefaults", function(v) return v == true end, false,
  "the kubelet overrides the node's kernel settings", "protectKernelDefaults: true")

return check
