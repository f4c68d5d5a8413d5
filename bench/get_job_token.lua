-- bench/get_job_token.lua — get_job as the bench consultant ($BENCH_TOKEN):
-- a caller with a token, never answered from the public-read cache.
bench_headers = {["Authorization"] = "Bearer " .. (os.getenv("BENCH_TOKEN") or "")}
dofile(os.getenv("BENCH_DIR") .. "/get_job.lua")
