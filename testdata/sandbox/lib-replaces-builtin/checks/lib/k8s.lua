return { containers = function() return function() end end }
