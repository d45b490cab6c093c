-- spins while loading
while true do end
