-- always-pull-images-missing: kube-apiserver does not enable the AlwaysPullImages admission plugin.
local check = {
  id = "NODE-011", name = "always-pull-images-missing", severity = "low", class = "hardening",
  inputs = { "node" },
  title = "AlwaysPullImages admission plugin not enabled",
  description = [[
Without the AlwaysPullImages admission plugin, a pod in any namespace can run a
private image that another tenant already pulled onto the node, without having the
credentials to pull it.]],
  remediation = "Add AlwaysPullImages to --enable-admission-plugins of kube-apiserver.",
}

check.node = flags.want_item("kube-apiserver", "enable-admission-plugins", "AlwaysPullImages", nil,
  "a pod can run a private image already on the node without the credentials to pull it", "--enable-admission-plugins=NodeRestriction,AlwaysPullImages")

return check
