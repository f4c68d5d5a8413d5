-- fidelity.sql — GET /v1/stats/fidelity: how closely the service follows
-- the method (issue 13), per municipality or consultant: caseload sizes,
-- days from referral to the first application, interview and hire,
-- follow-ups and paperwork on time, the diversity of placements and the
-- share of young people placed. Scope and small-group rules are those of
-- the other statistics (api.stats_fact_scope, api.stats_shown in
-- stats.sql); the definitions are in sql/README.md ("Programme fidelity").

-- One timing figure: n, median and p75 of the days (null below the
-- small-group threshold for the caller).
CREATE OR REPLACE FUNCTION api.fidelity_days(ctx jsonb, n bigint,
    median float8, p75 float8) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN api.stats_shown(ctx, coalesce(n, 0))
	    THEN json_build_object('n', coalesce(n, 0),
	        'median', round(median::numeric, 1), 'p75', round(p75::numeric, 1))
	    ELSE json_build_object('n', NULL, 'median', NULL, 'p75', NULL) END
$$;

-- GET /v1/stats/fidelity (admin, consultant, partner). Groups: the
-- seeker's municipality_code, or their consultant_id ('none' for seekers
-- without one). The period [lo, hi] is from/to (to: today; from: a year
-- before to, + 1 day); diversity reads the 12 months up to to whatever
-- from is. Seekers are counted by their current municipality and
-- consultant, in the caller's scope as the other statistics; erased
-- seekers count but in the caseload. Caseloads and referral timings read
-- the seekers' facts (stats_seekers, migration 0030), diversity and the
-- 18–25 share the placements' (stats_placements, 0023), follow-ups and
-- paperwork theirs (stats_dues, 0031: with the seeker's municipality and
-- consultant for the scope). Costs: sql/README.md.
CREATE OR REPLACE FUNCTION api.stats_fidelity(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	by_c	bool := q->>'group_by' = 'consultant';
	mc	text := q->>'municipality_code';
	cid	uuid := (q->>'consultant_id')::uuid;
	hi	date := coalesce((q->>'to')::date, current_date);
	lo	date;
	div_lo	date := (hi - interval '1 year')::date + 1;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,partner}',
	    'read fidelity statistics');
	lo := coalesce((q->>'from')::date, div_lo);
	PERFORM api.check_period(jsonb_build_object('from', lo, 'to', hi));
	RETURN ROW(200, (
	WITH counts AS MATERIALIZED (
		-- The active caseload (the seekers' facts, 0030) by consultant
		-- and municipality, in one read of the index: scope and groups
		-- depend on nothing else.
		SELECT f.consultant_id, f.municipality_code, count(*) AS n
		FROM stats_seekers f
		WHERE f.active
		GROUP BY f.consultant_id, f.municipality_code
	), active AS MATERIALIZED (
		-- The active caseload in scope, by group and consultant.
		SELECT CASE WHEN by_c THEN coalesce(f.consultant_id::text, 'none')
		        ELSE f.municipality_code END AS key, f.consultant_id,
		    sum(f.n)::bigint AS n
		FROM counts f
		WHERE api.stats_fact_scope(ctx, f.municipality_code,
		        f.consultant_id, NULL)
		  AND (mc IS NULL OR f.municipality_code = mc)
		  AND (cid IS NULL OR f.consultant_id = cid)
		GROUP BY 1, 2
	), sizes AS (
		-- Each of their consultants' whole active caseload.
		SELECT f.consultant_id, sum(f.n)::bigint AS size
		FROM counts f
		WHERE f.consultant_id IN (SELECT a.consultant_id FROM active a)
		GROUP BY f.consultant_id
	), caseload AS (
		SELECT a.key, sum(a.n) AS seekers,
		    coalesce(sum(a.n) FILTER (WHERE a.consultant_id IS NULL), 0)
		        AS without,
		    count(z.size) AS consultants,
		    round(percentile_cont(0.5) WITHIN GROUP (ORDER BY z.size)
		        ::numeric, 1) AS median_size,
		    max(z.size) AS max_size,
		    round(avg((z.size <= 20)::int), 4) AS share
		FROM active a LEFT JOIN sizes z ON z.consultant_id = a.consultant_id
		GROUP BY a.key
	), timing AS (
		-- Seekers referred in the period: the days to their first
		-- application, interview (once begun) and placement start
		-- (once started); median and p75 in one sort each.
		SELECT key, count(*) AS referred,
		    count(app) AS app_n,
		    percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY app)
		        AS app_q,
		    count(iv) AS iv_n,
		    percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY iv)
		        AS iv_q,
		    count(hire) AS hire_n,
		    percentile_cont(ARRAY[0.5, 0.75]) WITHIN GROUP (ORDER BY hire)
		        AS hire_q
		FROM (SELECT CASE WHEN by_c
		            THEN coalesce(f.consultant_id::text, 'none')
		            ELSE f.municipality_code END AS key,
		        f.first_application_on - f.referred_on AS app,
		        CASE WHEN f.first_interview_at <= now()
		            THEN (f.first_interview_at AT TIME ZONE 'UTC')::date
		            - f.referred_on END AS iv,
		        CASE WHEN f.first_start_on <= current_date
		            THEN f.first_start_on - f.referred_on END AS hire
		    FROM stats_seekers f
		    WHERE f.referred_on >= lo AND f.referred_on <= hi
		      AND api.stats_fact_scope(ctx, f.municipality_code,
		            f.consultant_id, NULL)
		      AND (mc IS NULL OR f.municipality_code = mc)
		      AND (cid IS NULL OR f.consultant_id = cid)) r
		GROUP BY key
	), due AS MATERIALIZED (
		-- Follow-ups (fu) due in the period (not missed) and paperwork
		-- steps due in it (not not_needed), from their facts (0031):
		-- counted (follow-ups: done or their 14 days over; steps: done
		-- or past due), done on time, overdue.
		SELECT CASE WHEN by_c THEN coalesce(d.consultant_id::text, 'none')
		        ELSE d.municipality_code END AS key, d.follow_up AS fu,
		    count(*) FILTER (WHERE d.done OR d.due_on
		        + CASE WHEN d.follow_up THEN 14 ELSE 0 END < current_date)
		        AS n,
		    count(*) FILTER (WHERE d.on_time) AS on_time,
		    count(*) FILTER (WHERE d.open AND d.due_on < current_date)
		        AS overdue
		FROM stats_dues d
		WHERE d.due_on >= lo AND d.due_on <= hi
		  AND api.stats_fact_scope(ctx, d.municipality_code,
		        d.consultant_id, NULL)
		  AND (mc IS NULL OR d.municipality_code = mc)
		  AND (cid IS NULL OR d.consultant_id = cid)
		GROUP BY 1, 2
	), fu AS (
		SELECT key, n, on_time, overdue FROM due WHERE fu
	), pw AS (
		SELECT key, n, on_time, overdue FROM due WHERE NOT fu
	), placed AS MATERIALIZED (
		-- Placements started in the 12 months up to hi (the facts) or
		-- in the period, in one pass: their diversity in the 12
		-- months; the seekers with a placement started in the period,
		-- young: 18–25 on the start day of one of them.
		SELECT key,
		    count(*) FILTER (WHERE start_date >= div_lo) AS placements,
		    count(DISTINCT employer_id) FILTER (WHERE start_date >= div_lo)
		        AS employers,
		    count(DISTINCT job_type) FILTER (WHERE start_date >= div_lo)
		        AS job_types,
		    count(DISTINCT seeker_id) FILTER (WHERE start_date >= lo)
		        AS placed,
		    count(DISTINCT seeker_id) FILTER (WHERE start_date >= lo
		        AND age BETWEEN 18 AND 25) AS young
		FROM (SELECT CASE WHEN by_c
		            THEN coalesce(p.consultant_id::text, 'none')
		            ELSE p.municipality_code END AS key,
		        p.employer_id, p.job_type, p.start_date, p.age, q.seeker_id
		    FROM stats_placements p
		    JOIN placements q ON q.id = p.placement_id
		    WHERE p.start_date >= least(lo, div_lo) AND p.start_date <= hi
		      AND api.stats_fact_scope(ctx, p.municipality_code,
		            p.consultant_id, NULL)
		      AND (mc IS NULL OR p.municipality_code = mc)
		      AND (cid IS NULL OR p.consultant_id = cid)) r
		GROUP BY key
	), diversity AS (
		SELECT key, placements, employers, job_types FROM placed
	), young AS (
		SELECT key, placed, young FROM placed
	), keys AS (
		SELECT key FROM caseload UNION SELECT key FROM timing
		UNION SELECT key FROM fu UNION SELECT key FROM pw
		UNION SELECT key FROM diversity UNION SELECT key FROM young
	)
	SELECT json_build_object('as_of', current_date,
	    'group_by', CASE WHEN by_c THEN 'consultant' ELSE 'municipality' END,
	    'from', lo, 'to', hi, 'diversity_from', div_lo,
	    'groups', coalesce(json_agg(json_build_object(
	        'key', k.key,
	        'name', CASE WHEN by_c
	            THEN (SELECT u.name FROM users u
	                WHERE u.id::text = k.key AND k.key <> 'none')
	            ELSE (SELECT m.name FROM municipalities m
	                WHERE m.code = k.key) END,
	        'caseload', CASE WHEN api.stats_shown(ctx, coalesce(c.seekers, 0))
	            THEN json_build_object('seekers', coalesce(c.seekers, 0),
	                'without_consultant', coalesce(c.without, 0),
	                'consultants', coalesce(c.consultants, 0),
	                'median_size', c.median_size, 'max_size', c.max_size,
	                'at_or_under_20_share', c.share)
	            ELSE json_build_object('seekers', NULL,
	                'without_consultant', NULL, 'consultants', NULL,
	                'median_size', NULL, 'max_size', NULL,
	                'at_or_under_20_share', NULL) END,
	        'referred', CASE WHEN api.stats_shown(ctx,
	            coalesce(t.referred, 0)) THEN coalesce(t.referred, 0) END,
	        'days_to_first_application', api.fidelity_days(ctx, t.app_n,
	            t.app_q[1], t.app_q[2]),
	        'days_to_first_interview', api.fidelity_days(ctx, t.iv_n,
	            t.iv_q[1], t.iv_q[2]),
	        'days_to_hire', api.fidelity_days(ctx, t.hire_n,
	            t.hire_q[1], t.hire_q[2]),
	        'follow_ups', CASE WHEN api.stats_shown(ctx, coalesce(f.n, 0))
	            THEN json_build_object('n', coalesce(f.n, 0),
	                'within_14_days_share',
	                round(f.on_time::numeric / nullif(f.n, 0), 4),
	                'overdue', coalesce(f.overdue, 0))
	            ELSE json_build_object('n', NULL,
	                'within_14_days_share', NULL, 'overdue', NULL) END,
	        'paperwork', CASE WHEN api.stats_shown(ctx, coalesce(w.n, 0))
	            THEN json_build_object('n', coalesce(w.n, 0),
	                'on_time_share',
	                round(w.on_time::numeric / nullif(w.n, 0), 4),
	                'overdue', coalesce(w.overdue, 0))
	            ELSE json_build_object('n', NULL, 'on_time_share', NULL,
	                'overdue', NULL) END,
	        'diversity', CASE WHEN api.stats_shown(ctx,
	                coalesce(d.placements, 0))
	            THEN json_build_object(
	                'placements', coalesce(d.placements, 0),
	                'employers', coalesce(d.employers, 0),
	                'job_types', coalesce(d.job_types, 0))
	            ELSE json_build_object('placements', NULL, 'employers', NULL,
	                'job_types', NULL) END,
	        'placed_aged_18_25', CASE WHEN api.stats_shown(ctx,
	                coalesce(y.placed, 0))
	            THEN json_build_object('placed', coalesce(y.placed, 0),
	                'aged_18_25', coalesce(y.young, 0),
	                'share', round(y.young::numeric / nullif(y.placed, 0), 4))
	            ELSE json_build_object('placed', NULL, 'aged_18_25', NULL,
	                'share', NULL) END)
	        ORDER BY k.key COLLATE "C"), '[]'))
	FROM keys k
	LEFT JOIN caseload c ON c.key = k.key
	LEFT JOIN timing t ON t.key = k.key
	LEFT JOIN fu f ON f.key = k.key
	LEFT JOIN pw w ON w.key = k.key
	LEFT JOIN diversity d ON d.key = k.key
	LEFT JOIN young y ON y.key = k.key), NULL, NULL)::api.result;
END
$$;
