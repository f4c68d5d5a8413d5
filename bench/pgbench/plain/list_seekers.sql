-- bench/pgbench/plain/list_seekers.sql — the plain ceiling of
-- list_seekers: the page api.seekers_list returns to the bench consultant
-- (same mix as ../list_seekers.sql), the scope and the stage inline. The
-- 20 audit rows (seeker.listed) the api writes are NOT part of the plain
-- statement: compare with list_seekers_noaudit too.
-- Planned for its parameters on every execution, as api.seekers_list is (SET
-- plan_cache_mode = force_custom_plan; run.sh sets it for this file): a
-- generic plan does not know the municipality (word, place) it serves
-- and scans far more rows for most (measured: 2-3x the CPU).
-- bench: force_custom_plan
\set m random(1, 7)
\set t random(0, 8)
SELECT coalesce(json_agg(json_build_object('id', s.id, 'first_name', s.first_name,
        'last_name', s.last_name, 'birth_date', s.birth_date,
        'email', s.email, 'phone', s.phone,
        'municipality_code', s.municipality_code,
        'consultant_id', s.consultant_id,
        'external_reference', s.external_reference,
        'support_person', s.support_person,
        'benefit_type', s.benefit_type,
        'monthly_benefit_dkk', s.monthly_benefit_dkk,
        'preferences', json_build_object(
            'max_weekly_hours', s.max_weekly_hours,
            'job_types', s.job_types, 'interests', s.interests,
            'travel_radius_km', s.travel_radius_km),
        'location', CASE WHEN s.lat IS NOT NULL
            THEN json_build_object('lat', s.lat, 'lon', s.lon) END,
        'support_needs', s.support_needs,
        'needs_single_supervisor', s.needs_single_supervisor,
        'easy_read', s.easy_read,
        'consents', json_build_object('processing', s.consents_processing,
            'share_with_employers', s.consents_share_with_employers),
        'status', s.status,
        'stage', CASE WHEN s.status <> 'active' THEN s.status
            ELSE coalesce(('{submitted,in_review,interview,offered}'::text[])[
                (SELECT max(array_position(
                    '{submitted,in_review,interview,offered,hired}'::text[], a.status))
                 FROM applications a
                 WHERE a.seeker_id = s.id
                   AND a.status IN ('submitted', 'in_review', 'interview',
                       'offered'))], 'searching') END,
        'created_at', to_char(s.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"'),
        'updated_at', to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"'))
    ORDER BY s.created_at DESC, s.id DESC), '[]') AS body
FROM (SELECT * FROM seekers s
    WHERE s.municipality_code = (ARRAY['0265', '0370', '0561', '0615', '0630', '0657', '0791'])[:m]
      AND (:t >= 3 OR s.status = (ARRAY['active', 'paused', 'placed'])[:t + 1])
      AND (s.consultant_id = 'a0000000-0000-4000-8000-0000000000b1'
               OR s.municipality_code = ANY ('{0265,0370,0561,0615,0630,0657,0791}'))
          AND s.erased_at IS NULL
    ORDER BY s.created_at DESC, s.id DESC
    LIMIT 20) s;
