-- bench/pgbench/get_job.sql — the ceiling of bench/get_job.lua: the
-- statement the server runs for GET /v1/jobs/{id}, anonymous.
-- (JSON literals keep a space after every colon: pgbench would read
-- ":name" as a variable.)
\set n random(1, 10000)
SELECT status, body, etag, next_cursor FROM api.jobs_get(api.session('{"role": "anonymous", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": null, "employer_id": null, "seeker_id": null, "municipality_codes": []}'::jsonb), jsonb_build_object('id', ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid));
