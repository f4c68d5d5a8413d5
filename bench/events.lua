-- bench/events.lua — GET /v1/events?limit=100&after=<cursor> as the bench
-- consultant ($BENCH_TOKEN): a page of the change feed from one of the
-- signed cursors run.sh made for positions spread over the feed
-- ($BENCH_EVENT_CURSORS, space-separated; without it, from the start).
-- bench/pgbench/events.sql starts from the same positions.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}
local cursors = {}
for c in string.gmatch(os.getenv("BENCH_EVENT_CURSORS") or "", "%S+") do
	table.insert(cursors, c)
end

function request()
	local path = "/v1/events?limit=100"
	if #cursors > 0 then
		path = path .. "&after=" .. cursors[math.random(#cursors)]
	end
	return wrk.format("GET", path, headers)
end
