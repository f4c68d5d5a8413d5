-- bench/pgbench/list_jobs.sql — the ceiling of bench/list_jobs.lua: same
-- filters, same mix (municipality from five, job_type on a third).
\set m random(1, 5)
\set t random(0, 8)
SELECT status, body, etag, next_cursor FROM api.jobs_list(api.session('{"role": "anonymous", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": null, "employer_id": null, "seeker_id": null, "municipality_codes": []}'::jsonb), jsonb_build_object('query', jsonb_strip_nulls(jsonb_build_object('status', 'published', 'municipality_code', (ARRAY['0101', '0751', '0461', '0851', '0147'])[:m], 'max_weekly_hours', 20, 'job_type', CASE WHEN :t < 3 THEN (ARRAY['skaanejob', 'fleksjob', 'ordinary'])[:t + 1] END, 'limit', 20))));
