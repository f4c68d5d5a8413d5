-- bench/stats_outcomes.lua — GET /v1/stats/outcomes?group_by=cohort_year
-- as the bench consultant ($BENCH_TOKEN): satisfaction, income uplift
-- quartiles and score changes over the ~20,000 placements of the bench
-- history in their seven municipalities.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}

function request()
	return wrk.format("GET", "/v1/stats/outcomes?group_by=cohort_year",
	    headers)
end
