-- bench/list_jobs.lua — GET /v1/jobs with filters, anonymous: published,
-- one of five busy municipalities, at most 20 hours a week, a page of 20;
-- a third of the requests also filter on job_type. bench/pgbench/
-- list_jobs.sql is the same mix. Anonymous: 20 distinct pages, so the
-- public-read cache answers nearly all; list_jobs_token.lua sets
-- bench_headers (a token), which never uses it.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local munis = {"0101", "0751", "0461", "0851", "0147"}
local types = {"skaanejob", "fleksjob", "ordinary"}

function request()
	local path = "/v1/jobs?status=published&municipality_code=" ..
	    munis[math.random(#munis)] .. "&max_weekly_hours=20&limit=20"
	local t = math.random(0, 8)
	if t < 3 then
		path = path .. "&job_type=" .. types[t + 1]
	end
	return wrk.format("GET", path, bench_headers)
end
