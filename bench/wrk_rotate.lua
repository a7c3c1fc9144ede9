-- Go round the paths listed in the file given after `--`, one request each, and report as
-- wrk_report.lua does. Used where many people open their own page at once.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "wrk_report.lua")

local paths = {}
local next_index = 0

init = function(args)
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  -- Each thread starts at a different place, so threads do not move in step.
  next_index = math.random(#paths) - 1
end

request = function()
  next_index = next_index % #paths + 1
  return wrk.format(nil, paths[next_index])
end
