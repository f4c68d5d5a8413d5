-- bench/pgbench/matches.sql — the ceiling of bench/matches.lua: the
-- statement the server runs for GET /v1/seekers/{id}/matches as the bench
-- consultant, a random one of the 50,000 bench seekers with a location
-- (i skips every 100th, which has none). The args are a jsonb made from
-- text, as the server's $2::jsonb: api.seekers_matches is a SQL function,
-- and with args from jsonb_build_object(...) each call costs ~2x as much
-- (measured), which would understate the ceiling.
\set k random(1, 49500)
\set i :k + (:k - 1) / 99
SELECT status, body, etag, next_cursor FROM api.seekers_matches(api.session('{"role": "consultant", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "a0000000-0000-4000-8000-0000000000b1", "employer_id": null, "seeker_id": null, "municipality_codes": ["0265", "0370", "0561", "0615", "0630", "0657", "0791"]}'::jsonb), ('{"id": "c0000000-0002-4000-8000-' || lpad(:i::text, 12, '0') || '", "query": {}}')::jsonb);
