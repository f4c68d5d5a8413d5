-- bench/pgbench/list_seekers.sql — the ceiling of bench/list_seekers.lua:
-- the statement the server runs for GET /v1/seekers?municipality_code=…
-- &limit=20 (+ status on a third) as the bench consultant, the same mix.
-- api.seekers_list writes one audit row (seeker.listed) per seeker on the
-- page, 20 here; run.sh runs this file a second time with those writes
-- switched off (list_seekers_noaudit; README.md, "Audit cost").
\set m random(1, 7)
\set t random(0, 8)
SELECT status, body, etag, next_cursor FROM api.seekers_list(api.session('{"role": "consultant", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "a0000000-0000-4000-8000-0000000000b1", "employer_id": null, "seeker_id": null, "municipality_codes": ["0265", "0370", "0561", "0615", "0630", "0657", "0791"]}'::jsonb), ('{"query": {"municipality_code": "' || (ARRAY['0265', '0370', '0561', '0615', '0630', '0657', '0791'])[:m] || '", ' || CASE WHEN :t < 3 THEN '"status": "' || (ARRAY['active', 'paused', 'placed'])[:t + 1] || '", ' ELSE '' END || '"limit": 20}}')::jsonb);
