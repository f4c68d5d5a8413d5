-- 0008_stats.sql — what the service achieves and where each seeker
-- stands: retention of placements (Kaplan–Meier at 6, 12 and 24 months),
-- an overview (placements per year, satisfaction, the application funnel,
-- income uplift), each consultant's caseload counted by stage, and the
-- seeker's stage on every seeker JSON and as a list filter (see
-- sql/README.md). Everything is counted over the rows the caller may see.
-- The migration runner wraps this file in a transaction.

-- ---------------------------------------------------------------------------
-- Indexes
-- ---------------------------------------------------------------------------

-- A seeker's open applications with their status, for the stage (read
-- from the index alone; applications_seeker_id_job_id_key has the same
-- rows but not the status).
CREATE INDEX applications_seeker_id_open_status_idx ON applications
    (seeker_id, status)
    WHERE status IN ('submitted', 'in_review', 'interview', 'offered');

-- The events that took an application to interview or further, for the
-- funnel of the overview (read from the index alone, in application
-- order).
CREATE INDEX application_events_application_id_reached_idx
    ON application_events (application_id, to_status)
    WHERE to_status IN ('interview', 'offered', 'hired');

-- ---------------------------------------------------------------------------
-- Helpers
-- ---------------------------------------------------------------------------

-- The place of an application status in the chain submitted (1) <
-- in_review < interview < offered < hired (5); NULL for rejected and
-- withdrawn.
CREATE FUNCTION api.application_rank(status text) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
	SELECT array_position('{submitted,in_review,interview,offered,hired}'
	    ::text[], status)
$$;

-- The stage of a seeker with this status whose most advanced open
-- application has this rank (NULL: none open): placed, paused or
-- inactive as the status says; an active seeker by that application
-- (offered > interview > in_review > submitted), else searching.
CREATE FUNCTION api.stage(status text, open_rank int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN status <> 'active' THEN status
	    ELSE coalesce(('{submitted,in_review,interview,offered}'::text[])
	        [open_rank], 'searching') END
$$;

-- Where a seeker stands (api.stage). Queries over many seekers write the
-- same expression inline: a call of this function per row costs several
-- times the index lookup inside it.
CREATE FUNCTION api.seeker_stage(s seekers) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT api.stage(s.status, (SELECT max(api.application_rank(a.status))
	    FROM applications a
	    WHERE a.seeker_id = s.id
	      AND a.status IN ('submitted', 'in_review', 'interview', 'offered')))
$$;

-- Age in whole years on a day, as a retention group: under_18, 18-25,
-- 26-35, 36+ (buckets of width_bucket 0 .. 3).
CREATE FUNCTION api.age_band(birth_date date, on_day date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT (ARRAY['under_18', '18-25', '26-35', '36+'])[width_bucket(
	    date_part('year', age(on_day::timestamp, birth_date::timestamp)),
	    ARRAY[18, 26, 36]) + 1]
$$;

-- Raises 400 on the query parameter to when query.from is after it.
CREATE FUNCTION api.check_period(q jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF (q->>'from')::date > (q->>'to')::date THEN
		RAISE EXCEPTION USING ERRCODE = 'JB400',
		    MESSAGE = 'to must not be before from', COLUMN = 'to',
		    HINT = 'out_of_range';
	END IF;
END
$$;

-- Whose seeker s is in the caller's scope (the rule of 0003's
-- api.seeker_visible, which now calls this): admin all; consultant their
-- caseload and municipalities; partner their municipalities; seeker
-- themselves. Statistics use the scope alone, so that a seeker hidden
-- later (erased, 0010) still counts.
CREATE FUNCTION api.seeker_in_scope(ctx jsonb, s seekers) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' = 'consultant'
	        AND (s.consultant_id = (ctx->>'sub')::uuid
	             OR s.municipality_code = ANY (api.ctx_codes(ctx))))
	    OR (ctx->>'role' = 'partner'
	        AND s.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'seeker'
	        AND s.id = (ctx->>'seeker_id')::uuid)
$$;

CREATE OR REPLACE FUNCTION api.seeker_visible(ctx jsonb, s seekers)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT api.seeker_in_scope(ctx, s)
$$;

-- The placements and applications statistics count (s: the seeker,
-- employer_id: the job's): as api.placement_visible and
-- api.application_visible, but by scope (api.seeker_in_scope).
CREATE FUNCTION api.stats_scope(ctx jsonb, s seekers, employer_id uuid)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner')
	        AND api.seeker_in_scope(ctx, s))
	    OR (ctx->>'role' = 'employer'
	        AND employer_id = (ctx->>'employer_id')::uuid)
$$;

-- Consultants (users u with role consultant) whose caseload a caller may
-- see: admin all; a consultant themselves and those sharing one of their
-- municipalities; a partner those with one of the partner's.
CREATE FUNCTION api.consultant_visible(ctx jsonb, u users) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' = 'consultant'
	        AND (u.id = (ctx->>'sub')::uuid
	             OR u.municipality_codes && api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'partner'
	        AND u.municipality_codes && api.ctx_codes(ctx))
$$;

-- ---------------------------------------------------------------------------
-- Seekers: the stage on the JSON and as a filter
-- ---------------------------------------------------------------------------

-- A seeker as the API returns it (every key always present).
CREATE OR REPLACE FUNCTION api.seeker_json(s seekers) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', s.id, 'first_name', s.first_name,
	    'last_name', s.last_name, 'birth_date', s.birth_date,
	    'email', s.email, 'phone', s.phone,
	    'municipality_code', s.municipality_code,
	    'consultant_id', s.consultant_id,
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
	    'stage', api.seeker_stage(s),
	    'created_at', api.ts(s.created_at),
	    'updated_at', api.ts(s.updated_at))
$$;

-- GET /v1/seekers: newest first; filters municipality_code, consultant_id,
-- status, stage, q (first or last name contains, case-insensitive).
CREATE OR REPLACE FUNCTION api.seekers_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	needle	text := lower(q->>'q');
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT s.created_at, s.id, api.seeker_json(s) AS item,
	        row_number() OVER (ORDER BY s.created_at DESC, s.id DESC) AS rn
	    FROM seekers s
	    WHERE api.seeker_visible(ctx, s)
	      AND (q->>'municipality_code' IS NULL
	           OR s.municipality_code = q->>'municipality_code')
	      AND (q->>'consultant_id' IS NULL
	           OR s.consultant_id = (q->>'consultant_id')::uuid)
	      AND (q->>'status' IS NULL OR s.status = q->>'status')
	      -- stage: the status it implies first (an index condition,
	      -- and cheap), then the stage (api.seeker_stage, inline)
	      AND (q->>'stage' IS NULL
	           OR (s.status = CASE WHEN q->>'stage' IN ('placed', 'paused',
	                   'inactive') THEN q->>'stage' ELSE 'active' END
	               AND api.stage(s.status, (
	                   SELECT max(api.application_rank(a.status))
	                   FROM applications a
	                   WHERE a.seeker_id = s.id
	                     AND a.status IN ('submitted', 'in_review',
	                         'interview', 'offered'))) = q->>'stage'))
	      AND (needle IS NULL
	           OR strpos(lower(s.first_name), needle) > 0
	           OR strpos(lower(s.last_name), needle) > 0)
	      AND api.after_cursor(args, s.created_at, s.id)
	    ORDER BY s.created_at DESC, s.id DESC
	    LIMIT lim + 1) t);
END
$$;

-- ---------------------------------------------------------------------------
-- Endpoints: statistics
-- ---------------------------------------------------------------------------

-- The statistics and caseloads read many rows, so their plans cost
-- enough to be compiled (JIT); for one request that takes longer than
-- the compiled plan saves (tens of milliseconds on 50,000 seekers), so
-- they run with jit = off.

-- GET /v1/stats/retention: how long placements last. Population: the
-- placements the caller may see that have started (start_date <= today),
-- filtered by the seeker's municipality_code, the placement's job_type and
-- from/to on start_date. Each placement is observed for t = (end_date or
-- today) - start_date days; ended ones are events, active ones censored.
-- Per group, Kaplan–Meier over the distinct times t_i (n_i at risk: t >=
-- t_i, so a placement censored at t_i still counts; d_i events):
-- S(c) = prod (1 - d_i/n_i) and Greenwood's v(c) = sum d_i/(n_i (n_i - d_i))
-- over t_i <= c, for the checkpoints c = floor(m * 30.4375) = 182, 365 and
-- 730 days (m = 6, 12, 24 months). A point has at_risk #{t >= c}, events
-- since the previous point, the estimate S(c) (null when nobody is at risk
-- and S > 0) and the 95 % log-log interval S^exp(±z sqrt(v) / |ln S|)
-- (null when S is 0 or 1), all rounded to 4 decimals. The product is
-- exp(sum(ln)) over a window; a step with d_i = n_i takes S to 0 for good.
CREATE FUNCTION api.stats_retention(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	g	text := q->>'group_by';
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,partner,employer}',
	    'read statistics');
	PERFORM api.check_period(q);
	RETURN ROW(200, (
	WITH obs AS (
		-- One row per placement: its group, days observed, ended or not.
		SELECT CASE g WHEN 'cohort_year' THEN to_char(p.start_date, 'YYYY')
		        WHEN 'municipality' THEN s.municipality_code
		        WHEN 'job_type' THEN p.job_type
		        WHEN 'age_band' THEN api.age_band(s.birth_date, p.start_date)
		        ELSE 'all' END AS key,
		    coalesce(p.end_date, current_date) - p.start_date AS t,
		    p.status = 'ended' AS event
		FROM placements p
		-- LEFT: every placement has its seeker, and so the planner leaves
		-- out the join when neither scope, filter nor group reads it.
		LEFT JOIN seekers s ON s.id = p.seeker_id
		WHERE api.stats_scope(ctx, s, p.employer_id)
		  AND p.start_date <= current_date
		  AND (q->>'municipality_code' IS NULL
		       OR s.municipality_code = q->>'municipality_code')
		  AND (q->>'job_type' IS NULL OR p.job_type = q->>'job_type')
		  AND (q->>'from' IS NULL OR p.start_date >= (q->>'from')::date)
		  AND (q->>'to' IS NULL OR p.start_date <= (q->>'to')::date)
	), steps AS (
		-- Per group and distinct time: m observed, d events, n at risk.
		SELECT key, t, m, d,
		    sum(m) OVER (PARTITION BY key ORDER BY t DESC) AS n
		FROM (SELECT key, t, count(*) AS m,
		        count(*) FILTER (WHERE event) AS d
		    FROM obs GROUP BY key, t) x
	), km AS (
		-- After each time: S (0 once some d = n) and Greenwood's sum.
		SELECT key, t, m, d,
		    bool_or(d = n) OVER w AS zero,
		    exp(sum(CASE WHEN d < n THEN ln(1 - d::float8 / n) END)
		        OVER w) AS s,
		    sum(CASE WHEN d < n THEN d::float8 / (n * (n - d)) END)
		        OVER w AS v
		FROM steps
		WINDOW w AS (PARTITION BY key ORDER BY t)
	), groups AS (
		SELECT key, count(*) AS n, count(*) FILTER (WHERE event) AS events
		FROM obs GROUP BY key
		UNION ALL
		-- Without group_by there is always the one group.
		SELECT 'all', 0, 0 WHERE g IS NULL AND NOT EXISTS (SELECT FROM obs)
	), points AS (
		-- S is non-increasing and v non-decreasing in t, so S(c) and v(c)
		-- are the min and max over the times up to c.
		SELECT gr.key, c.month,
		    coalesce(sum(k.m) FILTER (WHERE k.t >= c.days), 0) AS at_risk,
		    coalesce(sum(k.d) FILTER (WHERE k.t > c.prev
		        AND k.t <= c.days), 0) AS events,
		    CASE WHEN bool_or(k.zero) FILTER (WHERE k.t <= c.days) THEN 0
		        ELSE coalesce(min(k.s) FILTER (WHERE k.t <= c.days), 1)
		        END AS s,
		    coalesce(max(k.v) FILTER (WHERE k.t <= c.days), 0) AS v
		FROM groups gr
		CROSS JOIN (VALUES (6, -1, 182), (12, 182, 365), (24, 365, 730))
		    AS c (month, prev, days)
		LEFT JOIN km k ON k.key = gr.key
		GROUP BY gr.key, c.month
	), estimates AS (
		SELECT key, month, at_risk, events,
		    CASE WHEN s = 0 THEN 0 WHEN at_risk > 0
		        THEN round(s::numeric, 4) END AS estimate,
		    CASE WHEN at_risk > 0 AND s > 0 AND s < 1
		        THEN 1.959964 * sqrt(v) / abs(ln(s)) END AS w, s
		FROM points
	), curves AS (
		SELECT key, json_agg(json_build_object('month', month,
		        'at_risk', at_risk, 'events', events, 'estimate', estimate,
		        'ci_low', round((s ^ exp(w))::numeric, 4),
		        'ci_high', round((s ^ exp(-w))::numeric, 4))
		        ORDER BY month) AS points
		FROM estimates GROUP BY key
	)
	SELECT json_build_object('as_of', current_date, 'group_by', g,
	    'groups', coalesce(json_agg(json_build_object('key', gr.key,
	        'n', gr.n, 'events', gr.events, 'points', c.points)
	        ORDER BY gr.key COLLATE "C"), '[]'))
	FROM groups gr
	JOIN curves c ON c.key = gr.key), NULL, NULL)::api.result;
END
$$;

-- GET /v1/stats/overview: placements (those the caller may see; filters
-- municipality_code of the seeker, from/to on start_date) per start year
-- (also those that have not started yet), active (and started) and ended;
-- the share of placements whose latest
-- recorded satisfaction (seeker's, employer's: the done follow-up of the
-- highest month that has one) is 4 or 5; the funnel of the applications
-- the caller may see (from/to on the UTC day of created_at): how many
-- reached interview, offered, hired (by their status or any status in
-- their history, a later one in the chain counting for the earlier ones);
-- and the mean income uplift of started placements with a wage, against
-- the seeker's benefit: 100 * (hourly wage * weekly hours * 52 / 12) /
-- monthly benefit.
CREATE FUNCTION api.stats_overview(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,partner,employer}',
	    'read statistics');
	PERFORM api.check_period(q);
	RETURN ROW(200, (
	WITH pl AS (
		SELECT p.id, p.start_date, p.status, p.weekly_hours,
		    p.hourly_wage_dkk, s.monthly_benefit_dkk
		FROM placements p
		JOIN seekers s ON s.id = p.seeker_id
		WHERE api.stats_scope(ctx, s, p.employer_id)
		  AND (q->>'municipality_code' IS NULL
		       OR s.municipality_code = q->>'municipality_code')
		  AND (q->>'from' IS NULL OR p.start_date >= (q->>'from')::date)
		  AND (q->>'to' IS NULL OR p.start_date <= (q->>'to')::date)
	), sat AS (
		-- Per placement with a done follow-up: the latest (highest
		-- month) seeker's and employer's satisfaction recorded. Of
		-- month * 10 + score, the largest is the latest month's, and its
		-- last digit the score (1 .. 5).
		SELECT max(f.month * 10 + f.seeker_satisfaction) % 10 AS seeker,
		    max(f.month * 10 + f.employer_satisfaction) % 10 AS employer
		FROM pl
		JOIN follow_ups f ON f.placement_id = pl.id AND f.status = 'done'
		GROUP BY pl.id
	), ranks AS (
		-- How many applications got how far in the chain (1 .. 5; NULL:
		-- rejected or withdrawn at once): by their status or the furthest
		-- status in their history. Beyond applications, the funnel counts
		-- interview and later, so only those events are read.
		SELECT greatest(api.application_rank(a.status), h.reached) AS rank,
		    count(*) AS n
		FROM applications a
		-- LEFT: every application has both, and so the planner leaves
		-- out a join that neither scope nor filter reads (admin).
		LEFT JOIN seekers s ON s.id = a.seeker_id
		LEFT JOIN jobs j ON j.id = a.job_id
		LEFT JOIN (SELECT e.application_id,
		        max(api.application_rank(e.to_status)) AS reached
		    FROM application_events e
		    WHERE e.to_status IN ('interview', 'offered', 'hired')
		    GROUP BY e.application_id) h ON h.application_id = a.id
		WHERE api.stats_scope(ctx, s, j.employer_id)
		  AND (q->>'municipality_code' IS NULL
		       OR s.municipality_code = q->>'municipality_code')
		  AND (q->>'from' IS NULL OR (a.created_at AT TIME ZONE 'UTC')::date
		       >= (q->>'from')::date)
		  AND (q->>'to' IS NULL OR (a.created_at AT TIME ZONE 'UTC')::date
		       <= (q->>'to')::date)
		GROUP BY 1
	)
	SELECT json_build_object('as_of', current_date,
	    'placements_per_year', (
	        SELECT coalesce(json_agg(json_build_object('year', y,
	            'placements', n) ORDER BY y), '[]')
	        FROM (SELECT extract(year FROM start_date)::int AS y,
	                count(*) AS n
	            FROM pl GROUP BY 1) t),
	    'active_placements', (SELECT count(*) FROM pl
	        WHERE status = 'active' AND start_date <= current_date),
	    'ended_placements', (SELECT count(*) FROM pl
	        WHERE status = 'ended'),
	    'satisfaction_rate', (SELECT round(avg((seeker >= 4)::int), 4)
	        FROM sat),
	    'employer_satisfaction_rate', (
	        SELECT round(avg((employer >= 4)::int), 4) FROM sat),
	    'satisfaction_responses', (SELECT count(seeker) FROM sat),
	    'funnel', (SELECT json_build_object(
	            'applications', coalesce(sum(n), 0),
	            'interviews', coalesce(sum(n) FILTER (WHERE rank >= 3), 0),
	            'offers', coalesce(sum(n) FILTER (WHERE rank >= 4), 0),
	            'hires', coalesce(sum(n) FILTER (WHERE rank >= 5), 0))
	        FROM ranks),
	    'mean_income_uplift_pct', u.mean, 'income_uplift_n', u.n)
	FROM (SELECT round(avg(100 * hourly_wage_dkk * weekly_hours * 52 / 12
	            / monthly_benefit_dkk), 1) AS mean, count(*) AS n
	    FROM pl
	    WHERE start_date <= current_date AND hourly_wage_dkk IS NOT NULL
	      AND monthly_benefit_dkk > 0) u), NULL, NULL)::api.result;
END
$$;

-- ---------------------------------------------------------------------------
-- Endpoints: caseloads
-- ---------------------------------------------------------------------------

-- GET /v1/caseloads: one item per consultant (a user with role
-- consultant, active or not) the caller may see (api.consultant_visible),
-- newest first; filters consultant_id, municipality_code (one of the
-- consultant's). An item counts the consultant's seekers that the caller
-- may see, by stage (every stage present), and the overdue follow-ups and
-- upcoming scheduled interviews of those seekers. The page is chosen
-- first; only its consultants' seekers are read.
CREATE FUNCTION api.caseloads_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,partner}',
	    'read caseloads');
	RETURN (
	WITH page AS (
		SELECT u.id, u.name, u.email, u.municipality_codes, u.created_at,
		    row_number() OVER (ORDER BY u.created_at DESC, u.id DESC) AS rn
		FROM users u
		WHERE u.role = 'consultant' AND api.consultant_visible(ctx, u)
		  AND (q->>'consultant_id' IS NULL
		       OR u.id = (q->>'consultant_id')::uuid)
		  AND (q->>'municipality_code' IS NULL
		       OR q->>'municipality_code' = ANY (u.municipality_codes))
		  AND api.after_cursor(args, u.created_at, u.id)
		ORDER BY u.created_at DESC, u.id DESC
		LIMIT lim + 1
	), caseload AS MATERIALIZED (
		-- The page's consultants' seekers the caller may see, each with
		-- its stage (api.seeker_stage, inline), computed once.
		SELECT s.id, s.consultant_id, api.stage(s.status, (
		        SELECT max(api.application_rank(a.status))
		        FROM applications a
		        WHERE a.seeker_id = s.id
		          AND a.status IN ('submitted', 'in_review', 'interview',
		              'offered'))) AS stage
		FROM page
		JOIN seekers s ON s.consultant_id = page.id
		WHERE page.rn <= lim AND api.seeker_visible(ctx, s)
	), stages AS (
		SELECT consultant_id, count(*) AS seekers,
		    json_build_object(
		        'searching', count(*) FILTER (WHERE stage = 'searching'),
		        'submitted', count(*) FILTER (WHERE stage = 'submitted'),
		        'in_review', count(*) FILTER (WHERE stage = 'in_review'),
		        'interview', count(*) FILTER (WHERE stage = 'interview'),
		        'offered', count(*) FILTER (WHERE stage = 'offered'),
		        'placed', count(*) FILTER (WHERE stage = 'placed'),
		        'paused', count(*) FILTER (WHERE stage = 'paused'),
		        'inactive', count(*) FILTER (WHERE stage = 'inactive'))
		        AS stages
		FROM caseload GROUP BY consultant_id
	), overdue AS (
		SELECT c.consultant_id, count(*) AS n
		FROM caseload c
		JOIN follow_ups f ON f.seeker_id = c.id
		WHERE f.status = 'pending' AND f.due_on < current_date
		GROUP BY c.consultant_id
	), upcoming AS (
		SELECT c.consultant_id, count(*) AS n
		FROM caseload c
		JOIN interviews i ON i.seeker_id = c.id
		WHERE i.status = 'scheduled' AND i.starts_at >= now()
		GROUP BY c.consultant_id
	)
	SELECT api.list_result(json_agg(json_build_object(
	        'consultant_id', p.id, 'name', p.name, 'email', p.email,
	        'municipality_codes', p.municipality_codes,
	        'seekers', coalesce(c.seekers, 0),
	        'stages', coalesce(c.stages, json_build_object(
	            'searching', 0, 'submitted', 0, 'in_review', 0,
	            'interview', 0, 'offered', 0, 'placed', 0, 'paused', 0,
	            'inactive', 0)),
	        'follow_ups_overdue', coalesce(o.n, 0),
	        'interviews_upcoming', coalesce(i.n, 0))
	        ORDER BY p.rn) FILTER (WHERE p.rn <= lim),
	    CASE WHEN count(*) > lim
	        THEN min(api.created_key(p.created_at, p.id)::text)
	        FILTER (WHERE p.rn = lim) END)
	FROM page p
	LEFT JOIN stages c ON c.consultant_id = p.id
	LEFT JOIN overdue o ON o.consultant_id = p.id
	LEFT JOIN upcoming i ON i.consultant_id = p.id);
END
$$;
