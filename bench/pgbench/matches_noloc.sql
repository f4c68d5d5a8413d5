-- bench/pgbench/matches_noloc.sql — the ceiling of
-- bench/matches_noloc.lua: the statement the server runs for GET
-- /v1/seekers/{id}/matches as the bench consultant, a random one of the
-- 500 bench seekers without a location (every 100th); the args made from
-- text as in bench/pgbench/matches.sql.
\set k random(1, 500)
\set i 100 * :k
SELECT status, body, etag, next_cursor FROM api.seekers_matches(api.session('{"role": "consultant", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "a0000000-0000-4000-8000-0000000000b1", "employer_id": null, "seeker_id": null, "municipality_codes": ["0265", "0370", "0561", "0615", "0630", "0657", "0791"]}'::jsonb), ('{"id": "c0000000-0002-4000-8000-' || lpad(:i::text, 12, '0') || '", "query": {}}')::jsonb);
