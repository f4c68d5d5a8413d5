-- bench/stats_fidelity.lua — GET /v1/stats/fidelity as the bench
-- consultant ($BENCH_TOKEN): caseloads, referral timings, follow-ups and
-- paperwork on time, diversity and young people placed over the 50,000
-- seekers of the bench history in their seven municipalities.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}

function request()
	return wrk.format("GET", "/v1/stats/fidelity", headers)
end
