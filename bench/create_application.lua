-- bench/create_application.lua — POST /v1/applications as the bench
-- consultant ($BENCH_TOKEN, bench/data.sql), a fresh (seeker, job) pair on
-- every request, so none is a 409 (one open application per pair). Thread
-- t of a run with base $BENCH_CVR_BASE uses number n = base + t * 1,000,000
-- + counter (the ranges of create_employer: warm-up and measured run never
-- collide, pgbench's bench_app_seq stays below 3,600,000), and n gives
--   s = n % 37500, q = floor(n / 37500),
--   seeker 4 * floor(s / 3) + s % 3 + 1   (1..50000, never a multiple of 4, so
--                                      never inactive: sql/seed/history.sql)
--   job    1 + (s + 7501 * q) % 10000 (a published bench job, never full)
-- Different n, different pair (7501 is prime to 10000), and consecutive
-- numbers take different seekers and jobs, so concurrent requests do not
-- queue on one row. bench/pgbench/create_application.sql is the same.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local token = os.getenv("BENCH_TOKEN") or ""
local base = tonumber(os.getenv("BENCH_CVR_BASE") or "3600000")
local notes = {
	"Jeg vil gerne arbejde med faste opgaver og en fast makker.",
	"Jeg har været i praktik et lignende sted og kunne lide det.",
	"Jeg er glad for at arbejde med hænderne.",
}
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
	local s = n % 37500
	local q = math.floor(n / 37500)
	local seeker = 4 * math.floor(s / 3) + s % 3 + 1
	local job = 1 + (s + 7501 * q) % 10000
	local body = string.format('{"seeker_id":"c0000000-0002-4000-8000-%012d",' ..
	    '"job_id":"00000000-0000-4000-8000-%012d","cover_note":"%s"}',
	    seeker, job, notes[counter % #notes + 1])
	return wrk.format("POST", "/v1/applications", headers, body)
end
