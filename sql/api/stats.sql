-- stats.sql — /v1/stats: retention (Kaplan–Meier), the overview and the
-- outcomes (satisfaction, income uplift, wellbeing and social change),
-- over the placements and applications in the caller's scope. All read the
-- statistics facts (stats_placements, stats_applications: one narrow row
-- each, kept by triggers in the transaction of every change, migration
-- 0023), never the wide seekers, follow-ups and application events.

-- Age in whole years on a day, as a retention group: under_18, 18-25,
-- 26-35, 36+ (buckets of width_bucket 0 .. 3).
CREATE OR REPLACE FUNCTION api.age_band(birth_date date, on_day date) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT api.age_band_of(date_part('year',
	    age(on_day::timestamp, birth_date::timestamp))::int)
$$;

-- The retention group of an age in whole years.
CREATE OR REPLACE FUNCTION api.age_band_of(years int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT (ARRAY['under_18', '18-25', '26-35', '36+'])[width_bucket(
	    years, ARRAY[18, 26, 36]) + 1]
$$;

-- No statistics about one person: the fewest people (placements,
-- applications, answers) a figure for an employer or a partner may
-- describe. The one place this threshold is set.
CREATE OR REPLACE FUNCTION api.stats_min_people() RETURNS int
LANGUAGE sql IMMUTABLE AS $$
	SELECT 5
$$;

-- Whether the caller may read a figure over n people: admins and
-- consultants always; everybody else (employer, partner) only when n is
-- at least api.stats_min_people(). A withheld figure is null; a withheld
-- retention group is left out and counted in suppressed_groups.
CREATE OR REPLACE FUNCTION api.stats_shown(ctx jsonb, n numeric) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(ctx->>'role' IN ('admin', 'consultant'), false)
	    OR n >= api.stats_min_people()
$$;

-- The placements and applications statistics count (s: the seeker,
-- employer_id: the job's): as api.placement_visible and
-- api.application_visible, but by scope (api.seeker_in_scope).
CREATE OR REPLACE FUNCTION api.stats_scope(ctx jsonb, s seekers, employer_id uuid)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner')
	        AND api.seeker_in_scope(ctx, s))
	    OR (ctx->>'role' = 'employer'
	        AND employer_id = (ctx->>'employer_id')::uuid)
$$;

-- api.stats_scope over a statistics fact (the seeker's municipality and
-- consultant, the employer), as api.seeker_in_scope decides.
CREATE OR REPLACE FUNCTION api.stats_fact_scope(ctx jsonb, municipality_code text,
    consultant_id uuid, employer_id uuid)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' = 'consultant'
	        AND (consultant_id = (ctx->>'sub')::uuid
	             OR municipality_code = ANY (api.ctx_codes(ctx))))
	    OR (ctx->>'role' = 'partner'
	        AND municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'employer'
	        AND employer_id = (ctx->>'employer_id')::uuid)
$$;

-- The placement facts the placement statistics (retention, outcomes)
-- count: those the caller may see (api.stats_fact_scope) that have
-- started (start_date <= today), filtered by q: municipality_code (the
-- seeker's), job_type (the placement's), from/to (inclusive, on
-- start_date). A single SELECT in SQL, so the planner inlines it.
CREATE OR REPLACE FUNCTION api.stats_started_placements(ctx jsonb, q jsonb)
RETURNS SETOF stats_placements
LANGUAGE sql STABLE AS $$
	SELECT p.*
	FROM stats_placements p
	WHERE api.stats_fact_scope(ctx, p.municipality_code,
	        p.consultant_id, p.employer_id)
	  AND p.start_date <= current_date
	  AND (q->>'municipality_code' IS NULL
	       OR p.municipality_code = q->>'municipality_code')
	  AND (q->>'job_type' IS NULL OR p.job_type = q->>'job_type')
	  AND (q->>'from' IS NULL OR p.start_date >= (q->>'from')::date)
	  AND (q->>'to' IS NULL OR p.start_date <= (q->>'to')::date)
$$;

-- The group of a placement fact for group_by g: cohort_year (the start
-- year), municipality (the seeker's), job_type, age_band (on the start
-- date); 'all' without g.
CREATE OR REPLACE FUNCTION api.stats_group_key(g text, p stats_placements)
RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE g WHEN 'cohort_year'
	        THEN date_part('year', p.start_date)::int::text
	    WHEN 'municipality' THEN p.municipality_code
	    WHEN 'job_type' THEN p.job_type
	    WHEN 'age_band' THEN api.age_band_of(p.age)
	    ELSE 'all' END
$$;

-- The statistics and caseloads read many rows, so their plans cost
-- enough to be compiled (JIT); for one request that takes longer than
-- the compiled plan saves (tens of milliseconds on 50,000 seekers), so
-- they run with jit = off.

-- GET /v1/stats/retention: how long placements last. Population: the
-- placements the caller may see that have started, filtered
-- (api.stats_started_placements), grouped by api.stats_group_key. Each placement is observed for t = (end_date or
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
-- A group the caller may not read (api.stats_shown: an employer's or
-- partner's group of fewer than 5 placements) is left out of groups and
-- counted in suppressed_groups.
CREATE OR REPLACE FUNCTION api.stats_retention(ctx jsonb, args jsonb)
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
		SELECT api.stats_group_key(g, p) AS key,
		    coalesce(p.end_date, current_date) - p.start_date AS t,
		    p.status = 'ended' AS event
		FROM api.stats_started_placements(ctx, q) p
	), times AS MATERIALIZED (
		-- Per group and distinct time: m observed, d events. Times past
		-- the last checkpoint (730) count only as at risk, so they are
		-- one time, 731: fewer steps, the same points and sums.
		SELECT key, least(t, 731) AS t, count(*) AS m,
		    count(*) FILTER (WHERE event) AS d
		FROM obs GROUP BY key, least(t, 731)
	), steps AS (
		-- n at risk: observed at t or later
		SELECT key, t, m, d,
		    sum(m) OVER (PARTITION BY key ORDER BY t DESC) AS n
		FROM times
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
		SELECT key, sum(m) AS n, sum(d) AS events
		FROM times GROUP BY key
		UNION ALL
		-- Without group_by there is always the one group.
		SELECT 'all', 0, 0 WHERE g IS NULL AND NOT EXISTS (SELECT FROM times)
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
	        ORDER BY gr.key COLLATE "C")
	        FILTER (WHERE api.stats_shown(ctx, gr.n)), '[]'),
	    'suppressed_groups', count(*)
	        FILTER (WHERE NOT api.stats_shown(ctx, gr.n)))
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
-- monthly benefit. For an employer or partner every figure over fewer
-- than 5 people (api.stats_shown: placements of a year, active, ended,
-- satisfaction rates and responses, each funnel step, the income uplift
-- and its n) is null.
-- The months the period holds whole, before the current one, come from
-- the monthly sums (stats_placement_months, stats_application_months) but
-- for an employer; the other days (the current month, later starts, the
-- edges of from/to) from the facts.
CREATE OR REPLACE FUNCTION api.stats_overview(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan
SET jit = off AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	-- the whole months read from the sums: [lo, hi)
	lo	date;
	hi	date;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,partner,employer}',
	    'read statistics');
	PERFORM api.check_period(q);
	lo := CASE WHEN ctx->>'role' = 'employer' THEN 'infinity'::date
	    WHEN q->>'from' IS NULL THEN '-infinity'::date
	    ELSE (date_trunc('month', (q->>'from')::date - 1)
	        + interval '1 month')::date END;
	hi := least(date_trunc('month', current_date)::date,
	    CASE WHEN q->>'to' IS NULL THEN 'infinity'::date
	    ELSE date_trunc('month', (q->>'to')::date + 1)::date END);
	RETURN ROW(200, (
	WITH pl AS (
		-- The placements of the other days, each with the latest
		-- (highest month) seeker's and employer's satisfaction of its
		-- done follow-ups and its income uplift.
		SELECT p.start_date, p.status, p.income_uplift,
		    p.seeker_satisfaction AS seeker,
		    p.employer_satisfaction AS employer
		FROM stats_placements p
		WHERE api.stats_fact_scope(ctx, p.municipality_code,
		        p.consultant_id, p.employer_id)
		  AND (q->>'municipality_code' IS NULL
		       OR p.municipality_code = q->>'municipality_code')
		  AND (q->>'from' IS NULL OR p.start_date >= (q->>'from')::date)
		  AND (q->>'to' IS NULL OR p.start_date <= (q->>'to')::date)
		  AND (p.start_date < lo OR p.start_date >= hi)
	), pm AS (
		-- the sums of the whole months
		SELECT m.*
		FROM stats_placement_months m
		WHERE m.month >= lo AND m.month < hi
		  AND api.stats_fact_scope(ctx, m.municipality_code,
		        m.consultant_id, NULL)
		  AND (q->>'municipality_code' IS NULL
		       OR m.municipality_code = q->>'municipality_code')
	), years AS (
		SELECT y, sum(n) AS n
		FROM (SELECT extract(year FROM start_date)::int AS y,
		        count(*) AS n
		    FROM pl GROUP BY 1
		    UNION ALL
		    SELECT extract(year FROM month)::int, sum(placements)
		    FROM pm GROUP BY 1) x
		GROUP BY y HAVING sum(n) > 0
	), tot AS (
		-- satisfaction: of the placements with a recorded score, those
		-- of 4 or 5; uplift: of the started placements
		SELECT coalesce(sum(active), 0) AS active,
		    coalesce(sum(ended), 0) AS ended,
		    coalesce(sum(sr), 0) AS sr, coalesce(sum(ss), 0) AS ss,
		    coalesce(sum(er), 0) AS er, coalesce(sum(es), 0) AS es,
		    coalesce(sum(un), 0) AS un, sum(us) AS us
		FROM (SELECT count(*) FILTER (WHERE status = 'active'
		            AND start_date <= current_date) AS active,
		        count(*) FILTER (WHERE status = 'ended') AS ended,
		        count(seeker) AS sr,
		        count(*) FILTER (WHERE seeker >= 4) AS ss,
		        count(employer) AS er,
		        count(*) FILTER (WHERE employer >= 4) AS es,
		        count(income_uplift)
		            FILTER (WHERE start_date <= current_date) AS un,
		        sum(income_uplift)
		            FILTER (WHERE start_date <= current_date) AS us
		    FROM pl
		    UNION ALL
		    SELECT sum(active), sum(ended), sum(seeker_responses),
		        sum(seeker_satisfied), sum(employer_responses),
		        sum(employer_satisfied), sum(uplift_n), sum(uplift_sum)
		    FROM pm) x
	), funnel AS (
		-- How many applications got how far in the chain: by their
		-- status or the furthest status in their history (the facts
		-- keep it as rank, 1 .. 5; NULL: rejected or withdrawn at once).
		SELECT coalesce(sum(applications), 0) AS applications,
		    coalesce(sum(interviews), 0) AS interviews,
		    coalesce(sum(offers), 0) AS offers,
		    coalesce(sum(hires), 0) AS hires
		FROM (SELECT count(*) AS applications,
		        count(*) FILTER (WHERE a.rank >= 3) AS interviews,
		        count(*) FILTER (WHERE a.rank >= 4) AS offers,
		        count(*) FILTER (WHERE a.rank >= 5) AS hires
		    FROM stats_applications a
		    WHERE api.stats_fact_scope(ctx, a.municipality_code,
		            a.consultant_id, a.employer_id)
		      AND (q->>'municipality_code' IS NULL
		           OR a.municipality_code = q->>'municipality_code')
		      AND (q->>'from' IS NULL
		           OR a.created_day >= (q->>'from')::date)
		      AND (q->>'to' IS NULL OR a.created_day <= (q->>'to')::date)
		      AND (a.created_day < lo OR a.created_day >= hi)
		    UNION ALL
		    SELECT sum(m.applications), sum(m.interviews), sum(m.offers),
		        sum(m.hires)
		    FROM stats_application_months m
		    WHERE m.month >= lo AND m.month < hi
		      AND api.stats_fact_scope(ctx, m.municipality_code,
		            m.consultant_id, NULL)
		      AND (q->>'municipality_code' IS NULL
		           OR m.municipality_code = q->>'municipality_code')) x
	)
	SELECT json_build_object('as_of', current_date,
	    'placements_per_year', (
	        SELECT coalesce(json_agg(json_build_object('year', y,
	            'placements', CASE WHEN api.stats_shown(ctx, n) THEN n END)
	            ORDER BY y), '[]')
	        FROM years),
	    'active_placements', CASE WHEN api.stats_shown(ctx, t.active)
	        THEN t.active END,
	    'ended_placements', CASE WHEN api.stats_shown(ctx, t.ended)
	        THEN t.ended END,
	    'satisfaction_rate', CASE WHEN api.stats_shown(ctx, t.sr)
	        THEN round(t.ss::numeric / nullif(t.sr, 0), 4) END,
	    'employer_satisfaction_rate', CASE WHEN api.stats_shown(ctx, t.er)
	        THEN round(t.es::numeric / nullif(t.er, 0), 4) END,
	    'satisfaction_responses', CASE WHEN api.stats_shown(ctx, t.sr)
	        THEN t.sr END,
	    'funnel', (SELECT json_build_object(
	            'applications', CASE WHEN api.stats_shown(ctx,
	                applications) THEN applications END,
	            'interviews', CASE WHEN api.stats_shown(ctx, interviews)
	                THEN interviews END,
	            'offers', CASE WHEN api.stats_shown(ctx, offers)
	                THEN offers END,
	            'hires', CASE WHEN api.stats_shown(ctx, hires)
	                THEN hires END)
	        FROM funnel),
	    'mean_income_uplift_pct', CASE WHEN api.stats_shown(ctx, t.un)
	        THEN round(t.us / nullif(t.un, 0), 1) END,
	    'income_uplift_n', CASE WHEN api.stats_shown(ctx, t.un) THEN t.un END)
	FROM tot t), NULL, NULL)::api.result;
END
$$;

-- GET /v1/stats/outcomes: what placements achieve beyond lasting, over
-- the population and groups of retention (api.stats_started_placements,
-- api.stats_group_key), each figure over the placements that have it,
-- with its n:
--   seeker_satisfaction, employer_satisfaction: rate = the share whose
--     latest answered satisfaction (of the done follow-up of the highest
--     month that has one) is 4 or 5;
--   income_uplift: of those with a wage and a benefit, 100 * (hourly
--     wage * weekly hours * 52 / 12) / monthly benefit (as the overview),
--     its quartiles (percentile_cont 0.25, 0.5, 0.75) and the share at
--     25 or more;
--   wellbeing, social: of those with two answered scores or more, the
--     latest answered minus the first answered (by month): mean change
--     and the share improved (> 0).
-- Rates and shares 4 decimals, uplifts 1, mean changes 2. Suppression as
-- retention: a group the caller may not read (api.stats_shown over its
-- placements) is left out and counted in suppressed_groups; in a group
-- shown, a figure over fewer people than api.stats_shown allows is null,
-- its n too. Without group_by there is always the one group 'all'.
CREATE OR REPLACE FUNCTION api.stats_outcomes(ctx jsonb, args jsonb)
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
	WITH groups AS (
		SELECT api.stats_group_key(g, p) AS key, count(*) AS n,
		    count(p.seeker_satisfaction) AS sn,
		    count(*) FILTER (WHERE p.seeker_satisfaction >= 4) AS ss,
		    count(p.employer_satisfaction) AS en,
		    count(*) FILTER (WHERE p.employer_satisfaction >= 4) AS es,
		    count(p.income_uplift) AS un,
		    percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP
		        (ORDER BY p.income_uplift) AS uq,
		    count(*) FILTER (WHERE p.income_uplift >= 25) AS u25,
		    count(p.wellbeing_change) AS wn,
		    avg(p.wellbeing_change) AS wm,
		    count(*) FILTER (WHERE p.wellbeing_change > 0) AS wi,
		    count(p.social_change) AS cn, avg(p.social_change) AS cm,
		    count(*) FILTER (WHERE p.social_change > 0) AS ci
		FROM api.stats_started_placements(ctx, q) p
		GROUP BY 1
	), shown AS (
		SELECT gr.*, api.stats_shown(ctx, gr.n) AS shown
		FROM groups gr
		UNION ALL
		-- Without group_by there is always the one group.
		SELECT 'all', 0, 0, 0, 0, 0, 0, NULL, 0, 0, NULL, 0, 0, NULL, 0,
		    api.stats_shown(ctx, 0)
		WHERE g IS NULL AND NOT EXISTS (SELECT FROM groups)
	)
	SELECT json_build_object('as_of', current_date, 'group_by', g,
	    'groups', coalesce(json_agg(json_build_object('key', key, 'n', n,
	        'seeker_satisfaction', api.stats_outcome_rate(ctx, sn, ss),
	        'employer_satisfaction', api.stats_outcome_rate(ctx, en, es),
	        'income_uplift', CASE WHEN api.stats_shown(ctx, un)
	            THEN json_build_object('n', un,
	                'p25', round(uq[1]::numeric, 1),
	                'median', round(uq[2]::numeric, 1),
	                'p75', round(uq[3]::numeric, 1),
	                'share_reaching_25', round(u25::numeric
	                    / nullif(un, 0), 4))
	            ELSE json_build_object('n', NULL, 'p25', NULL,
	                'median', NULL, 'p75', NULL,
	                'share_reaching_25', NULL) END,
	        'wellbeing', api.stats_outcome_change(ctx, wn, wm, wi),
	        'social', api.stats_outcome_change(ctx, cn, cm, ci))
	        ORDER BY key COLLATE "C") FILTER (WHERE shown), '[]'),
	    'suppressed_groups', count(*) FILTER (WHERE NOT shown))
	FROM shown), NULL, NULL)::api.result;
END
$$;

-- An outcome rate: of n placements with an answer, k satisfied.
CREATE OR REPLACE FUNCTION api.stats_outcome_rate(ctx jsonb, n bigint, k bigint)
RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN api.stats_shown(ctx, n)
	    THEN json_build_object('n', n, 'rate', round(k::numeric
	        / nullif(n, 0), 4))
	    ELSE json_build_object('n', NULL, 'rate', NULL) END
$$;

-- A score's change: of n placements with two answers or more, the mean
-- change and k improved.
CREATE OR REPLACE FUNCTION api.stats_outcome_change(ctx jsonb, n bigint,
    mean numeric, k bigint)
RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN api.stats_shown(ctx, n)
	    THEN json_build_object('n', n, 'mean_change', round(mean, 2),
	        'share_improved', round(k::numeric / nullif(n, 0), 4))
	    ELSE json_build_object('n', NULL, 'mean_change', NULL,
	        'share_improved', NULL) END
$$;
