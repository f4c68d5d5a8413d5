-- bench/pgbench/create_application.sql — the ceiling of
-- bench/create_application.lua: api.applications_create as the bench
-- consultant, a fresh (seeker, job) pair from nextval('bench_app_seq')
-- (bench/data.sql), mapped as in the lua script.
SELECT status, body, etag, next_cursor FROM api.applications_create(api.session('{"role": "consultant", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "a0000000-0000-4000-8000-0000000000b1", "employer_id": null, "seeker_id": null, "municipality_codes": ["0265", "0370", "0561", "0615", "0630", "0657", "0791"]}'::jsonb), (SELECT jsonb_build_object('body', jsonb_build_object('seeker_id', ('c0000000-0002-4000-8000-' || lpad((4 * (n % 37500 / 3) + n % 37500 % 3 + 1)::text, 12, '0'))::uuid, 'job_id', ('00000000-0000-4000-8000-' || lpad((1 + (n % 37500 + 7501 * (n / 37500)) % 10000)::text, 12, '0'))::uuid, 'cover_note', 'Jeg er glad for at arbejde med hænderne.')) FROM nextval('bench_app_seq') AS n));
