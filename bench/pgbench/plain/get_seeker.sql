-- bench/pgbench/plain/get_seeker.sql — the plain ceiling of get_seeker:
-- the seeker api.seekers_get returns to the bench consultant, the scope
-- (caseload or municipalities, not erased) and the stage inline. The
-- audit row (seeker.read) the api writes is NOT part of the plain
-- statement: compare with get_seeker_noaudit too.
\set i random(1, 50000)
SELECT json_build_object('id', s.id, 'first_name', s.first_name,
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
        'updated_at', to_char(s.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS.US"Z"')) AS body
FROM seekers s
WHERE s.id = ('c0000000-0002-4000-8000-' || lpad(:i::text, 12, '0'))::uuid
  AND (s.consultant_id = 'a0000000-0000-4000-8000-0000000000b1'
           OR s.municipality_code = ANY ('{0265,0370,0561,0615,0630,0657,0791}'))
      AND s.erased_at IS NULL;
