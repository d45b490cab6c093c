-- empty-password-account: an account of the image whose password field is
-- empty in /etc/shadow (or in /etc/passwd when it holds the hash): anyone
-- may log in as it, or su to it, without a password.
local check = {
  id = "IMG-002", name = "empty-password-account", severity = "high", class = "risk",
  inputs = { "archive" },
  title = "Account with an empty password",
  description = [[
An empty password field means "no password": su, login and any PAM service
that reads /etc/shadow let anyone in as that account. Locked accounts have
"!" or "*" there instead. In a container this turns any foothold into the
account's privileges, root's when the account is root.]],
  remediation = "Lock the account where the image is built: RUN passwd -l <account> (or usermod -p '*' <account>).",
}

local function fix(name)
  return ("Lock the account where the image is built:\n  RUN passwd -l %s"):format(name)
end

function check.archive(doc, report)
  local seen = {}
  for _, which in ipairs({ "shadow", "passwd" }) do
    local f, i = archive.file(doc, "/etc/" .. which)
    for _, row in ipairs(archive.accounts(doc, which)) do
      if row.password == "" and not seen[row.name] then
        seen[row.name] = true
        report {
          path = archive.path("files", i),
          message = ("account %s has an empty password in %s (line %d): anyone can log in as it"):format(row.name,
            f.path, row.line),
          remediation = fix(row.name),
        }
      elseif row.password and row.password ~= "x" then
        seen[row.name] = true -- a hash or a lock in passwd: shadow is not consulted
      end
    end
  end
end

return check
