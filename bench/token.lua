-- bench/token.lua — POST /v1/auth/token, password grant, one of the four
-- demo users (sql/seed/demo.sql, password "demo-password"). Argon2id
-- verification (m = 19 MiB, t = 2) makes this CPU-bound by design.
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local users = {"consultant@demo.jobbro.dk", "employer@demo.jobbro.dk",
    "seeker@demo.jobbro.dk", "partner@demo.jobbro.dk"}
local headers = {["Content-Type"] = "application/json"}

function request()
	return wrk.format("POST", "/v1/auth/token", headers, string.format(
	    '{"grant_type":"password","username":"%s","password":"demo-password"}',
	    users[math.random(#users)]))
end
