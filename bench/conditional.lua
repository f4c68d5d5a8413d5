-- bench/conditional.lua — shared by the *_304 scenarios: GETs with
-- If-None-Match naming the current ETag, so every answer is 304 without
-- a body. bench/run.sh fetches the paths and their ETags first
-- (BENCH_ETAGS: a file of "path<TAB>etag" lines); the database still
-- runs the same statement as for a 200 (its ceiling is the one of the
-- scenario without _304).
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

expect_status = 304
local reqs = {}

-- In each thread's init (lib.lua), when wrk.format knows the host.
function thread_init()
	for line in io.lines(os.getenv("BENCH_ETAGS")) do
		local path, etag = line:match("^(%S+)\t(.+)$")
		if path then
			table.insert(reqs, wrk.format("GET", path,
			    {["If-None-Match"] = etag}))
		end
	end
end

function request()
	return reqs[math.random(#reqs)]
end
