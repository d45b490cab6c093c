-- profiling-enabled: kube-apiserver, kube-controller-manager or kube-scheduler serves
-- /debug/pprof: --profiling not false (default true).
local check = {
  id = "NODE-015", name = "profiling-enabled", severity = "low", class = "risk",
  inputs = { "node" },
  title = "Profiling endpoints enabled",
  description = [[
The profiling endpoints expose detailed performance data about the program and the
system, and can be used to slow the component down; they are for debugging, not
production.]],
  remediation = "Set --profiling=false on kube-apiserver, kube-controller-manager and kube-scheduler.",
}

check.node = flags.want_bool({ "kube-apiserver", "kube-controller-manager", "kube-scheduler" }, "profiling", false, true,
  "/debug/pprof exposes profiling data")

return check
