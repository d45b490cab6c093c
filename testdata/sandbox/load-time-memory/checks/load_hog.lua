-- allocates while loading
local t = {}
for i = 1, 1e9 do t[i] = ("x"):rep(64) .. i end
