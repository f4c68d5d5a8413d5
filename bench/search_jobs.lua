-- bench/search_jobs.lua — GET /v1/jobs?q=<Danish word>&near=<lat>,<lon>
-- &radius_km=25&limit=20, anonymous. Words and centres as in
-- bench/pgbench/search_jobs.sql (keep the lists in step).
dofile(os.getenv("BENCH_DIR") .. "/lib.lua")

local words = {"lager", "opvask", "køkken", "rengøring", "planter", "kaffe",
    "cykler", "vasketøj", "bageri", "plejecenter", "dyr", "post", "pakker",
    "hotel", "salatbar", "varer"}
local centres = {
	{"55.676", "12.568"},	-- København
	{"56.157", "10.211"},	-- Aarhus
	{"55.403", "10.402"},	-- Odense
	{"57.048", "9.919"},	-- Aalborg
	{"55.709", "9.536"},	-- Vejle
}
local encoded = {}
for i, w in ipairs(words) do
	encoded[i] = urlencode(w)
end

function request()
	local c = centres[math.random(#centres)]
	return wrk.format("GET", "/v1/jobs?q=" .. encoded[math.random(#encoded)] ..
	    "&near=" .. c[1] .. "," .. c[2] .. "&radius_km=25&limit=20")
end
