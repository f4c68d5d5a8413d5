-- bench/pgbench/export_csv.sql — the ceiling of bench/export_csv.lua, per
-- page: the statement the server runs for the first page of 500 of the
-- export (api.jobs_list, anonymous, published, one of the same seven
-- municipalities). An export is several such pages (run.sh logs the rows
-- per export): compare req/s x pages per export with this tps
-- (README.md).
\set m random(1, 7)
SELECT status, body, etag, next_cursor FROM api.jobs_list(api.session('{"role": "anonymous", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": null, "employer_id": null, "seeker_id": null, "municipality_codes": []}'::jsonb), jsonb_build_object('query', jsonb_build_object('status', 'published', 'municipality_code', (ARRAY['0265', '0370', '0561', '0615', '0630', '0657', '0791'])[:m], 'limit', 500)));
