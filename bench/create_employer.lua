-- bench/create_employer.lua — POST /v1/employers as admin ($BENCH_TOKEN),
-- a new valid CVR on every request: thread t of a run with base
-- $BENCH_CVR_BASE uses cvr(base + t * 1,000,000 + counter) (lib.lua), so
-- warm-up and measured run (different bases) never collide.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local token = os.getenv("BENCH_TOKEN") or ""
local base = tonumber(os.getenv("BENCH_CVR_BASE") or "3600000")
local munis = {"0101", "0147", "0751", "0461", "0851", "0630", "0621",
    "0561"}
local kinds = {"Dagligvarer", "Kantine", "Gartneri", "Lager", "Bageri",
    "Vaskeri"}
local headers = {
	["Content-Type"] = "application/json",
	["Authorization"] = "Bearer " .. token,
}
local first

function thread_init()
	first = base + tid * 1000000
end

function request()
	local n = first + counter
	counter = counter + 1
	local body = string.format('{"name":"Bench %s %d ApS","cvr":"%s",' ..
	    '"street":"Industrivej %d","postal_code":"8000","city":"Aarhus C",' ..
	    '"municipality_code":"%s","contact_name":"Anne Jensen",' ..
	    '"contact_email":"anne%d@bench.jobbro.dk"}',
	    kinds[counter % #kinds + 1], n, cvr(n), counter % 120 + 1,
	    munis[counter % #munis + 1], n)
	return wrk.format("POST", "/v1/employers", headers, body)
end
