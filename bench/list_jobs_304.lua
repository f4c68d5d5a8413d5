-- bench/list_jobs_304.lua — the pages of bench/list_jobs.lua, with
-- If-None-Match: every answer 304 (bench/conditional.lua).
dofile(os.getenv("BENCH_DIR") .. "/conditional.lua")
