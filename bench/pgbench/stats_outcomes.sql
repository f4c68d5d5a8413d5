-- bench/pgbench/stats_outcomes.sql — the ceiling of
-- bench/stats_outcomes.lua: the statement the server runs for GET
-- /v1/stats/outcomes?group_by=cohort_year as the bench consultant.
SELECT status, body, etag, next_cursor FROM api.stats_outcomes(api.session('{"role": "consultant", "request_id": "pgbench", "ip": "127.0.0.1", "ver": 0, "sub": "a0000000-0000-4000-8000-0000000000b1", "employer_id": null, "seeker_id": null, "municipality_codes": ["0265", "0370", "0561", "0615", "0630", "0657", "0791"]}'::jsonb), '{"query": {"group_by": "cohort_year"}}'::jsonb);
