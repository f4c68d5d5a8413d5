-- bench/pgbench/feed.sql — the ceiling of bench/feed.lua: the statement
-- the server runs for GET /v1/feeds/jobs.jsonld?limit=50, anonymous.
-- (chr(58) is the colon of the base URL's port: pgbench would read
-- ":8080" as a variable.)
SELECT status, body, etag, next_cursor FROM api.feeds_jobs(api.session('{"role": "anonymous", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": null, "employer_id": null, "seeker_id": null, "municipality_codes": []}'::jsonb), jsonb_build_object('query', jsonb_build_object('limit', 50), 'format', 'jsonld', 'base_url', 'http://127.0.0.1' || chr(58) || '8080'));
