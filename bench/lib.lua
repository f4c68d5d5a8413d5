-- bench/lib.lua — shared by the wrk scripts in bench/ (loaded with dofile
-- from $BENCH_DIR). Counts non-2xx responses (or, when the script sets
-- expect_status, any other status) per thread and prints one JSON line
-- from done():
--   {"scenario","requests","seconds","rps","p50_ms","p99_ms","errors",
--    "socket_errors","non2xx","bytes"} (bytes: all responses, headers too)
-- errors = socket errors (connect, read, write, timeout) + non-2xx.
-- A script defines request() and may set `scenario`; this file defines
-- setup(), init(), response() and done().

local threads = {}

function setup(thread)
	thread:set("tid", #threads)
	table.insert(threads, thread)
end

function init(args)
	non2xx = 0
	counter = 0
	-- Different streams per thread and per run.
	math.randomseed(os.time() * 1000 + tid * 7919 + math.floor(os.clock() * 1e6))
	if thread_init then
		thread_init()
	end
end

-- A script that sets expect_status counts every other status as an error
-- (the *_304 scenarios); else any 2xx is fine.
function response(status, headers, body)
	local bad
	if expect_status then
		bad = status ~= expect_status
	else
		bad = status < 200 or status > 299
	end
	if bad then
		non2xx = non2xx + 1
		if non2xx <= 3 and os.getenv("BENCH_DEBUG") == "1" then
			io.stderr:write(string.format("non-2xx %d: %s\n", status,
			    string.sub(body or "", 1, 300)))
		end
	end
end

function done(summary, latency, requests)
	local bad = 0
	for _, t in ipairs(threads) do
		bad = bad + (tonumber(t:get("non2xx")) or 0)
	end
	local e = summary.errors
	local sock = e.connect + e.read + e.write + e.timeout
	local secs = summary.duration / 1e6
	io.write(string.format(
	    '{"scenario":"%s","requests":%d,"seconds":%.3f,"rps":%.1f,' ..
	    '"p50_ms":%.3f,"p99_ms":%.3f,"errors":%d,"socket_errors":%d,' ..
	    '"non2xx":%d,"bytes":%d}\n',
	    os.getenv("BENCH_SCENARIO") or "?", summary.requests, secs,
	    summary.requests / secs, latency:percentile(50) / 1000,
	    latency:percentile(99) / 1000, sock + bad, sock, bad,
	    summary.bytes))
end

-- Percent-encoding for query values (UTF-8 bytes).
function urlencode(s)
	return (string.gsub(s, "[^%w%-%._~,]", function(c)
		return string.format("%%%02X", string.byte(c))
	end))
end

-- The n-th valid CVR number, exactly as bench_cvr(n) in bench/data.sql:
-- head = 100000 + n / 9 (6 digits), then the (n % 9)-th 7th digit whose
-- check digit (weights 2 7 6 5 4 3 2 1, sum ≡ 0 mod 11) is not 10.
function cvr(n)
	local head = 100000 + math.floor(n / 9)
	local k = n % 9
	local w = {2, 7, 6, 5, 4, 3}
	local h = tostring(head)
	local s = 0
	for i = 1, 6 do
		s = s + tonumber(string.sub(h, i, i)) * w[i]
	end
	for d = 0, 9 do
		local c = (11 - (s + 2 * d) % 11) % 11
		if c < 10 then
			if k == 0 then
				return h .. d .. c
			end
			k = k - 1
		end
	end
	error("cvr: unreachable")
end
