-- bench/pgbench/get_seeker.sql — the ceiling of bench/get_seeker.lua: the
-- statement the server runs for GET /v1/seekers/{id} as the bench
-- consultant, a random one of the 50,000 bench seekers. api.seekers_get
-- writes one audit row (seeker.read) per call; run.sh runs this file a
-- second time with that write switched off (get_seeker_noaudit in the
-- report; README.md, "Audit cost"). Args as text, as the server's $2::jsonb.
\set i random(1, 50000)
SELECT status, body, etag, next_cursor FROM api.seekers_get(api.session('{"role": "consultant", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "a0000000-0000-4000-8000-0000000000b1", "employer_id": null, "seeker_id": null, "municipality_codes": ["0265", "0370", "0561", "0615", "0630", "0657", "0791"]}'::jsonb), ('{"id": "c0000000-0002-4000-8000-' || lpad(:i::text, 12, '0') || '"}')::jsonb);
