-- bench/export_csv.lua — GET /v1/jobs?status=published&municipality_code=…
-- with Accept: text/csv, anonymous: the whole filtered list of one of the
-- seven municipalities of the bench history (~1,000–2,000 rows each; run.sh
-- logs the count), streamed by src/export.c in pages of 500.
-- bench/pgbench/export_csv.sql is the first page of the same export.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local munis = {"0265", "0370", "0561", "0615", "0630", "0657", "0791"}
local headers = {["Accept"] = "text/csv"}

function request()
	return wrk.format("GET", "/v1/jobs?status=published&municipality_code=" ..
	    munis[math.random(#munis)], headers)
end
