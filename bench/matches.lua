-- bench/matches.lua — GET /v1/seekers/{id}/matches (default limit 20) as
-- the bench consultant ($BENCH_TOKEN), a random one of the 50,000 bench
-- seekers (sql/seed/history.sql at bench scale, bench/data.sql) with a
-- location: every 100th has none (bench/matches_noloc.lua asks for those).
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local nseekers = tonumber(os.getenv("BENCH_SEEKERS") or "50000")
local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}

function request()
	local i = math.random(1, nseekers)
	if i % 100 == 0 then i = i - 1 end
	return wrk.format("GET", string.format(
	    "/v1/seekers/c0000000-0002-4000-8000-%012d/matches", i), headers)
end
