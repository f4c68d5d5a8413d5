-- bench/pgbench/plain/get_job.sql — the plain ceiling of get_job: the
-- simplest statement that returns the body api.jobs_get returns for the
-- same job (anonymous: published only), the JSON built inline (no api.*
-- calls). Same \set as ../get_job.sql. (chr(58): pgbench reads ":name"
-- as a variable, so colons inside text are written chr(58).)
\set n random(1, 10000)
SELECT json_build_object('id', j.id, 'employer_id', j.employer_id,
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
        'updated_at', to_char(j.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"')) AS body
FROM jobs j
WHERE j.id = ('00000000-0000-4000-8000-' || lpad(:n::text, 12, '0'))::uuid
  AND j.status = 'published';
