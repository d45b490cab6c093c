-- setuid-files: executables with the setuid or setgid bit in an image's
-- final filesystem (whiteouts applied), beyond the distributions' own
-- account and mount tools listed in ALLOWED.
local check = {
  id = "IMG-001", name = "setuid-files", severity = "medium", class = "risk",
  inputs = { "archive" },
  title = "setuid or setgid file in the image",
  description = [[
A setuid or setgid executable runs with its owner's (usually root's) or
group's privileges whoever starts it: one bug in it, or a way to make it
load a library or read a file of the caller's choosing, turns any process in
the container into root. Images rarely need any; the ones a distribution
ships for password and mount management (listed in the check reference) are
not reported, everything else is. Dropping every capability and setting
no-new-privileges at run time also defuses them.]],
  remediation = "Remove the bits in the Dockerfile (RUN chmod u-s,g-s <file>) or remove the file; if it is needed, run the container with no-new-privileges.",
}

-- Setuid/setgid tools distributions install for accounts, passwords and
-- mounts: expected in a base image, not reported.
local ALLOWED = {}
for _, p in ipairs({
  "/usr/bin/passwd", "/usr/bin/chsh", "/usr/bin/chfn", "/usr/bin/gpasswd", "/usr/bin/newgrp", "/usr/bin/su",
  "/bin/su", "/usr/bin/chage", "/usr/bin/expiry", "/usr/bin/mount", "/bin/mount", "/usr/bin/umount", "/bin/umount",
  "/usr/sbin/unix_chkpwd", "/sbin/unix_chkpwd", "/usr/sbin/pam_extrausers_chkpwd", "/usr/bin/wall",
  "/usr/bin/write", "/usr/bin/bsd-write", "/usr/bin/ssh-agent", "/usr/bin/crontab",
  "/usr/lib/openssh/ssh-keysign", "/usr/libexec/openssh/ssh-keysign", "/usr/lib/dbus-1.0/dbus-daemon-launch-helper",
  "/usr/bin/newuidmap", "/usr/bin/newgidmap", "/usr/sbin/pam_timestamp_check", "/usr/bin/dotlockfile",
}) do ALLOWED[p] = true end

function check.archive(doc, report)
  for i, f in ipairs(doc.files) do
    local bits = (f.mode or 0) & 0xC00
    if bits ~= 0 and (f.type == "file" or f.type == "hardlink") and not ALLOWED[f.path] then
      local what = bits == 0xC00 and "setuid and setgid" or bits == 0x800 and "setuid" or "setgid"
      report {
        path = archive.path("files", i),
        message = ("%s is %s (%s %d:%d), from %s"):format(archive.shown(f.path), what, archive.mode_string(f), f.uid, f.gid,
          archive.origin(doc, f.layer)),
        remediation = ("Remove the bits where the image is built:\n  RUN chmod u-s,g-s %s\nor remove the file if the image does not need it."):format(archive.quoted(f.path)),
      }
    end
  end
end

return check
