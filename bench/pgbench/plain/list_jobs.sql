-- bench/pgbench/plain/list_jobs.sql — the plain ceiling of list_jobs: the
-- page api.jobs_list returns (its body, the array of 20 jobs) for the same
-- filters and mix as ../list_jobs.sql, from one sorted, limited scan; no
-- page tag, no next cursor.
-- Planned for its parameters on every execution, as api.jobs_list is (SET
-- plan_cache_mode = force_custom_plan; run.sh sets it for this file): a
-- generic plan does not know the municipality (word, place) it serves
-- and scans far more rows for most (measured: 2-3x the CPU).
-- bench: force_custom_plan
\set m random(1, 5)
\set t random(0, 8)
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
      AND municipality_code = (ARRAY['0101', '0751', '0461', '0851', '0147'])[:m]
      AND weekly_hours <= 20
      AND (:t >= 3 OR job_type = (ARRAY['skaanejob', 'fleksjob', 'ordinary'])[:t + 1])
    ORDER BY created_at DESC, id DESC
    LIMIT 20) j;
