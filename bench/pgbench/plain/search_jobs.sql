-- bench/pgbench/plain/search_jobs.sql — the plain ceiling of search_jobs:
-- the page api.jobs_list returns for q (Danish full text) + near (25 km,
-- haversine inline) as ../search_jobs.sql, anonymous (published only).
-- Planned for its parameters on every execution, as api.jobs_list is (SET
-- plan_cache_mode = force_custom_plan; run.sh sets it for this file): a
-- generic plan does not know the municipality (word, place) it serves
-- and scans far more rows for most (measured: 2-3x the CPU).
-- bench: force_custom_plan
\set w random(1, 16)
\set c random(1, 5)
SELECT coalesce(json_agg(json_build_object('id', j.id, 'employer_id', j.employer_id,
        'title', j.title, 'description', j.description,
        'easy_read_summary', j.easy_read_summary, 'tasks', j.tasks,
        'job_type', j.job_type, 'weekly_hours', j.weekly_hours,
        'schedule', j.schedule, 'single_supervisor', j.single_supervisor,
        'supervisor_name', j.supervisor_name,
        'accommodations', j.accommodations, 'positions', j.positions,
        'filled', j.filled, 'hourly_wage_dkk', j.hourly_wage_dkk,
        'municipality_code', j.municipality_code,
        'external_reference', j.external_reference,
        'location', CASE WHEN j.lat IS NOT NULL
            THEN json_build_object('lat', j.lat, 'lon', j.lon) END,
        'application_deadline', j.application_deadline,
        'occupation_code', j.occupation_code,
        'address', CASE WHEN j.postal_code IS NOT NULL
            THEN json_build_object('street', j.street,
                'postal_code', j.postal_code, 'city', j.city) END,
        'starts_on', j.starts_on, 'status', j.status,
        'readability', json_build_object(
            'description', CASE WHEN j.description_lix IS NOT NULL THEN json_build_object('lix', j.description_lix, 'level', CASE WHEN j.description_lix < 25 THEN 'very_easy' WHEN j.description_lix < 35 THEN 'easy' WHEN j.description_lix < 45 THEN 'medium' WHEN j.description_lix < 55 THEN 'hard' ELSE 'very_hard' END) END,
            'easy_read_summary', CASE WHEN j.summary_lix IS NOT NULL THEN json_build_object('lix', j.summary_lix, 'level', CASE WHEN j.summary_lix < 25 THEN 'very_easy' WHEN j.summary_lix < 35 THEN 'easy' WHEN j.summary_lix < 45 THEN 'medium' WHEN j.summary_lix < 55 THEN 'hard' ELSE 'very_hard' END) END),
        'published_at', to_char(j.published_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"'),
        'created_at', to_char(j.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"'),
        'updated_at', to_char(j.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"'))
    ORDER BY j.created_at DESC, j.id DESC), '[]') AS body
FROM (SELECT * FROM jobs
    WHERE status = 'published'
      AND search @@ websearch_to_tsquery('danish', (ARRAY['lager', 'opvask', 'køkken', 'rengøring', 'planter', 'kaffe', 'cykler', 'vasketøj', 'bageri', 'plejecenter', 'dyr', 'post', 'pakker', 'hotel', 'salatbar', 'varer'])[:w])
      AND lat IS NOT NULL
      AND 2 * 6371.0088 * asin(least(1, sqrt(
          sin(radians(lat - (ARRAY[55.676, 56.157, 55.403, 57.048, 55.709])[:c]::float8) / 2) ^ 2 +
          cos(radians((ARRAY[55.676, 56.157, 55.403, 57.048, 55.709])[:c]::float8)) * cos(radians(lat)) *
          sin(radians(lon - (ARRAY[12.568, 10.211, 10.402, 9.919, 9.536])[:c]::float8) / 2) ^ 2))) <= 25
    ORDER BY created_at DESC, id DESC
    LIMIT 20) j;
