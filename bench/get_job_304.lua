-- bench/get_job_304.lua — GET /v1/jobs/{id} as bench/get_job.lua, with
-- If-None-Match: every answer 304 (bench/conditional.lua).
dofile(os.getenv("BENCH_DIR") .. "/conditional.lua")
