-- bench/get_job.lua — GET /v1/jobs/{id}, anonymous, a random one of the
-- 10,000 published bench jobs (bench/data.sql). Anonymous answers come
-- from the public-read cache once warm; get_job_token.lua sets
-- bench_headers (a token) and never does.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local njobs = tonumber(os.getenv("BENCH_JOBS") or "10000")

function request()
	local n = math.random(1, njobs)
	return wrk.format("GET",
	    string.format("/v1/jobs/00000000-0000-4000-8000-%012d", n),
	    bench_headers)
end
