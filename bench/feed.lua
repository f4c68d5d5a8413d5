-- bench/feed.lua — GET /v1/feeds/jobs.jsonld, anonymous, as a job board
-- polls it: the newest 50 postings (schema.org JobPosting, JSON-LD).
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

function request()
	return wrk.format("GET", "/v1/feeds/jobs.jsonld?limit=50")
end
