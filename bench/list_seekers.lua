-- bench/list_seekers.lua — GET /v1/seekers as the bench consultant
-- ($BENCH_TOKEN): one of the consultant's seven municipalities, a page of
-- 20; a third of the requests also filter on status. Every request writes
-- one audit row (seeker.listed) per seeker on the page. bench/pgbench/
-- list_seekers.sql is the same mix.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local munis = {"0265", "0370", "0561", "0615", "0630", "0657", "0791"}
local statuses = {"active", "paused", "placed"}
local headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}

function request()
	local path = "/v1/seekers?municipality_code=" ..
	    munis[math.random(#munis)] .. "&limit=20"
	local t = math.random(0, 8)
	if t < 3 then
		path = path .. "&status=" .. statuses[t + 1]
	end
	return wrk.format("GET", path, headers)
end
