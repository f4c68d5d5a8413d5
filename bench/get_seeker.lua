-- bench/get_seeker.lua — GET /v1/seekers/{id} as the bench consultant
-- ($BENCH_TOKEN), a random one of the 50,000 bench seekers
-- (sql/seed/history.sql at bench scale, bench/data.sql). Every request
-- writes one audit row (seeker.read).
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local nseekers = tonumber(os.getenv("BENCH_SEEKERS") or "50000")
local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}

function request()
	return wrk.format("GET", string.format(
	    "/v1/seekers/c0000000-0002-4000-8000-%012d",
	    math.random(1, nseekers)), headers)
end
