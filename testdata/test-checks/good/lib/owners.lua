-- owners.lua — a library of the custom checks (DIR/lib/NAME.lua), not a check.
local M = {}
function M.team(labels)
  return type(labels) == "table" and labels["example.com/team"] or nil
end
return M
