-- bench/pgbench/create_employer.sql — the ceiling of
-- bench/create_employer.lua: api.employers_create as admin, a new valid
-- CVR each time from bench_cvr(nextval('bench_cvr_seq')) (bench/data.sql;
-- that PL/pgSQL helper is extra work the server does not do).
\set k random(1, 8)
SELECT status, body, etag, next_cursor FROM api.employers_create(api.session('{"role": "admin", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "00000000-0000-4000-8000-0000000000ad", "employer_id": null, "seeker_id": null, "municipality_codes": []}'::jsonb), (SELECT jsonb_build_object('body', jsonb_build_object('name', 'Bench Kantine ' || s || ' ApS', 'cvr', bench_cvr(s), 'street', 'Industrivej ' || (s % 120 + 1), 'postal_code', '8000', 'city', 'Aarhus C', 'municipality_code', (ARRAY['0101', '0147', '0751', '0461', '0851', '0630', '0621', '0561'])[:k], 'contact_name', 'Anne Jensen', 'contact_email', 'anne' || s || '@bench.jobbro.dk')) FROM nextval('bench_cvr_seq') AS s));
