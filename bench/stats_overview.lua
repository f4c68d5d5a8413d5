-- bench/stats_overview.lua — GET /v1/stats/overview as the bench
-- consultant ($BENCH_TOKEN): the ~20,000 placements and ~110,000
-- applications of the bench history in their seven municipalities.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}

function request()
	return wrk.format("GET", "/v1/stats/overview", headers)
end
