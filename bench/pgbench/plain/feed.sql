-- bench/pgbench/plain/feed.sql — the plain ceiling of feed: the 50
-- JobPostings api.feeds_jobs returns (the "@graph" array; C adds the
-- wrapper), open postings newest first, joined to employer and
-- municipality, the JSON-LD built inline. (chr(58) for colons in text.)
SELECT coalesce(json_agg(replace(json_strip_nulls(json_build_object(
        '@context', 'https' || chr(58) || '//schema.org', '@type', 'JobPosting',
        'url', 'http' || chr(58) || '//127.0.0.1' || chr(58) || '8080/v1/jobs/' || j.id,
        'identifier', json_build_object('@type', 'PropertyValue',
            'name', 'Jobbro', 'value', j.id),
        'title', j.title, 'description', j.description,
        'datePosted', to_char(j.published_at AT TIME ZONE 'Europe/Copenhagen',
            'YYYY-MM-DD'),
        'validThrough', to_char(((j.application_deadline + 1)::timestamp
            AT TIME ZONE 'Europe/Copenhagen') AT TIME ZONE 'UTC'
            - interval '1 second',
            'YYYY-MM-DD"T"HH24' || chr(58) || 'MI' || chr(58) || 'SS"Z"'),
        'employmentType', CASE WHEN j.weekly_hours < 37 THEN 'PART_TIME'
            ELSE 'FULL_TIME' END,
        'hiringOrganization', json_build_object('@type', 'Organization',
            'name', e.name, 'identifier', json_build_object(
                '@type', 'PropertyValue', 'propertyID', 'CVR',
                'value', e.cvr)),
        'jobLocation', json_build_object('@type', 'Place',
            'address', json_build_object('@type', 'PostalAddress',
                'streetAddress', j.street,
                'postalCode', coalesce(j.postal_code, e.postal_code),
                'addressLocality', coalesce(j.city, e.city, m.name),
                'addressRegion', m.region_name, 'addressCountry', 'DK'),
            'geo', CASE WHEN j.lat IS NOT NULL
                THEN json_build_object('@type', 'GeoCoordinates',
                    'latitude', j.lat, 'longitude', j.lon) END),
        'baseSalary', CASE WHEN j.hourly_wage_dkk IS NOT NULL
            THEN json_build_object('@type', 'MonetaryAmount',
                'currency', 'DKK', 'value', json_build_object(
                    '@type', 'QuantitativeValue',
                    'value', j.hourly_wage_dkk, 'unitText', 'HOUR')) END,
        'workHours', trim_scale(j.weekly_hours) || ' hours per week'
            || coalesce(', ' || j.schedule, ''),
        'occupationalCategory', j.occupation_code,
        'jobStartDate', j.starts_on,
        'totalJobOpenings', greatest(j.positions - j.filled, 0),
        'directApply', false))::text, '<', '\u003c')::json
    ORDER BY j.created_at DESC, j.id DESC), '[]') AS body
FROM (SELECT * FROM jobs
    WHERE status = 'published'
      AND (application_deadline IS NULL OR application_deadline >=
          (now() AT TIME ZONE 'Europe/Copenhagen')::date)
    ORDER BY created_at DESC, id DESC
    LIMIT 50) j
JOIN employers e ON e.id = j.employer_id
JOIN municipalities m ON m.code = j.municipality_code;
