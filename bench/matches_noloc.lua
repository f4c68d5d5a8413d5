-- bench/matches_noloc.lua — GET /v1/seekers/{id}/matches (default limit
-- 20) as the bench consultant ($BENCH_TOKEN), a random one of the 500
-- bench seekers without a location (every 100th, bench/data.sql): every
-- published job is a candidate.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local nseekers = tonumber(os.getenv("BENCH_SEEKERS") or "50000")
local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}

function request()
	return wrk.format("GET", string.format(
	    "/v1/seekers/c0000000-0002-4000-8000-%012d/matches",
	    100 * math.random(1, math.floor(nseekers / 100))), headers)
end
