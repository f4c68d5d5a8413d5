-- bench/feed_304.lua — the page of bench/feed.lua (and of limits 20 and
-- 100), with If-None-Match: every answer 304 (bench/conditional.lua).
dofile(os.getenv("BENCH_DIR") .. "/conditional.lua")
