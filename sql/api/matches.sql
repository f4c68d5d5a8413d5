-- matches.sql — GET /v1/seekers/{id}/matches: the open jobs that fit a
-- seeker best, each with its score and the reasons.

-- GET /v1/seekers/{id}/matches: the seeker must be visible as for
-- seekers_get (else JB404). Candidates: published jobs with a free
-- position, no application of this seeker (any status), at most 5 hours
-- over the seeker's max_weekly_hours and, when both have a location,
-- within travel_radius_km (default 25). Score = hours 30 | job type 20/10
-- | single supervisor 20/10 | distance 20 * (1 - d / radius), else 10 in
-- the seeker's municipality, 5 elsewhere | interests 5 each, at most 10 |
-- for a seeker with easy_read: the easy_read_summary's LIX level
-- (core.lix_level) very_easy or easy 10, medium 5 (others and seekers
-- without easy_read 0); rounded to 1 decimal. Order score DESC,
-- published_at DESC, id; the best query.limit. One statement: the
-- candidates are found through
-- jobs_published_geo_scoring_idx (bounding box, index only) when the
-- seeker has a location, else among all published jobs; every candidate is scored, and
-- only the best N get their JSON and reasons.
-- Interests are matched against job_match_texts (lower-case title, tasks
-- and summary in a narrow table, which joins by hash instead of lowering
-- wide job rows). The read is audited (seeker.matched: the seeker's
-- preferences, needs and location went into the answer).
-- plpgsql, not sql: a SQL function plans its statement on every call
-- (~2/3 of the time of a call); this one keeps one generic plan per
-- connection (nothing in it depends on the values of the arguments).
CREATE OR REPLACE FUNCTION api.seekers_matches(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql
SET plan_cache_mode = force_generic_plan AS $$
BEGIN
RETURN (
WITH s AS MATERIALIZED (
	SELECT t.id, t.municipality_code, t.max_weekly_hours AS max_h,
	    t.job_types, t.needs_single_supervisor AS needs_one, t.lat, t.lon,
	    coalesce(t.travel_radius_km, 25) AS radius, t.easy_read,
	    -- bounding box half-sizes in degrees (a little generous); the
	    -- whole longitude range near the poles or the antimeridian
	    coalesce(t.travel_radius_km, 25) / 111.0 AS dlat,
	    CASE WHEN abs(t.lat) > 80
	        OR abs(t.lon) + coalesce(t.travel_radius_km, 25)
	           / (111.0 * cos(radians(t.lat)))::numeric > 180
	      THEN 360
	      ELSE coalesce(t.travel_radius_km, 25)
	           / (111.0 * cos(radians(t.lat)))::numeric END AS dlon,
	    -- interests: non-blank, deduplicated case-insensitively (the first
	    -- spelling kept), in the seeker's order; lw lower case for matching
	    w.lw, w.ow
	FROM seekers t
	CROSS JOIN LATERAL (
	    SELECT coalesce(array_agg(l ORDER BY o), '{}') AS lw,
	        coalesce(array_agg(i ORDER BY o), '{}') AS ow
	    FROM (SELECT DISTINCT ON (lower(btrim(i))) lower(btrim(i)) AS l,
	            btrim(i) AS i, o
	        FROM unnest(t.interests) WITH ORDINALITY u(i, o)
	        WHERE btrim(i) <> ''
	        ORDER BY lower(btrim(i)), o) x) w
	WHERE t.id = (args->>'id')::uuid AND api.seeker_visible(ctx, t)
),
-- Published jobs with a free position in reach, with the distance when
-- both sides have a location.
located AS (
	SELECT j.id, j.published_at, j.job_type, j.weekly_hours,
	    j.single_supervisor, j.municipality_code, j.summary_lix,
	    api.distance_km(s.lat, s.lon, j.lat, j.lon) AS d
	FROM s JOIN jobs j ON j.status = 'published' AND j.filled < j.positions
	    AND j.lat BETWEEN s.lat - s.dlat AND s.lat + s.dlat
	    AND j.lon BETWEEN s.lon - s.dlon AND s.lon + s.dlon
	WHERE s.lat IS NOT NULL
	UNION ALL
	SELECT j.id, j.published_at, j.job_type, j.weekly_hours,
	    j.single_supervisor, j.municipality_code, j.summary_lix, NULL::float8
	FROM s JOIN jobs j ON j.status = 'published' AND j.lat IS NULL
	    AND j.filled < j.positions
	WHERE s.lat IS NOT NULL
	UNION ALL
	SELECT j.id, j.published_at, j.job_type, j.weekly_hours,
	    j.single_supervisor, j.municipality_code, j.summary_lix, NULL::float8
	FROM s JOIN jobs j ON j.status = 'published' AND j.filled < j.positions
	WHERE s.lat IS NULL
),
-- Every candidate with the parts of its score but the interests (cheap).
base AS MATERIALIZED (
	SELECT c.id, c.published_at, c.weekly_hours, c.job_type, c.d, s.radius,
	    s.max_h, c.municipality_code = s.municipality_code AS same_code,
	    c.summary_lix,
	    CASE WHEN s.max_h IS NULL OR c.weekly_hours <= s.max_h
	        THEN 30 ELSE 0 END AS p_hours,
	    CASE WHEN cardinality(s.job_types) = 0 THEN 10
	        WHEN c.job_type = ANY (s.job_types) THEN 20 ELSE 0 END AS p_type,
	    CASE WHEN NOT s.needs_one THEN 10
	        WHEN c.single_supervisor THEN 20 ELSE 0 END AS p_one,
	    CASE WHEN c.d IS NOT NULL THEN 20 * (1 - c.d / s.radius::float8)
	        WHEN c.municipality_code = s.municipality_code THEN 10
	        ELSE 5 END AS p_dist,
	    CASE WHEN NOT s.easy_read THEN 0
	        ELSE CASE core.lix_level(c.summary_lix) WHEN 'very_easy' THEN 10
	            WHEN 'easy' THEN 10 WHEN 'medium' THEN 5 ELSE 0 END END AS p_easy,
	    CASE WHEN s.max_h IS NULL OR c.weekly_hours <= s.max_h
	        THEN 30 ELSE 0 END
	    + CASE WHEN cardinality(s.job_types) = 0 THEN 10
	        WHEN c.job_type = ANY (s.job_types) THEN 20 ELSE 0 END
	    + CASE WHEN NOT s.needs_one THEN 10
	        WHEN c.single_supervisor THEN 20 ELSE 0 END
	    + CASE WHEN c.d IS NOT NULL THEN 20 * (1 - c.d / s.radius::float8)
	        WHEN c.municipality_code = s.municipality_code THEN 10
	        ELSE 5 END
	    + CASE WHEN NOT s.easy_read THEN 0
	        ELSE CASE core.lix_level(c.summary_lix) WHEN 'very_easy' THEN 10
	            WHEN 'easy' THEN 10 WHEN 'medium' THEN 5 ELSE 0 END END AS sub
	FROM located c CROSS JOIN s
	WHERE (c.d IS NULL OR c.d <= s.radius)
	  AND (s.max_h IS NULL OR c.weekly_hours <= s.max_h + 5)
	  -- the seeker's applications once, by the seeker's index (a hashed
	  -- set), not probed per candidate by job
	  AND c.id NOT IN (SELECT a.job_id FROM applications a
	      WHERE a.seeker_id = (args->>'id')::uuid)
),
-- Interests add at most 10: a candidate more than 10 (+ rounding margin)
-- below the limit-th best score without interests cannot make the list,
-- so only the others are read whole and matched against the interests.
cut AS (
	SELECT coalesce((SELECT b.sub FROM base b ORDER BY b.sub DESC
	    OFFSET api.limit_of(args) - 1 LIMIT 1), '-Infinity') - 10.5 AS v
),
parts AS (
	SELECT b.*,
	    -- the first two interests found in title, tasks or summary
	    CASE WHEN cardinality(s.lw) = 0 THEN '{}'::text[]
	        ELSE ARRAY(SELECT u.i
	            FROM unnest(s.lw, s.ow) WITH ORDINALITY u(l, i, o)
	            WHERE strpos(j.match_text, u.l) > 0
	            ORDER BY u.o LIMIT 2) END AS interests
	FROM base b JOIN job_match_texts j ON j.job_id = b.id
	CROSS JOIN s CROSS JOIN cut
	WHERE b.sub >= cut.v
),
top AS (
	SELECT p.*, round((p.sub + 5 * cardinality(p.interests))::numeric, 1)
	    AS score
	FROM parts p
	ORDER BY score DESC, p.published_at DESC NULLS LAST, p.id
	LIMIT api.limit_of(args)
),
-- The seeker (at most one), its read recorded as it is found.
logged AS (
	SELECT api.audit(ctx, 'seeker.matched', 'seeker', s.id::text, s.id)
	FROM s
)
SELECT CASE WHEN EXISTS (SELECT 1 FROM logged) THEN ROW(200,
	json_build_object('data', coalesce((
	    SELECT json_agg(json_build_object('job', api.job_json(j),
	        'score', t.score,
	        'reasons', array_remove(ARRAY[
	            CASE WHEN t.p_hours > 0 THEN trim_scale(t.weekly_hours)
	                || ' hours a week' || CASE WHEN t.max_h IS NOT NULL
	                THEN ', within your maximum of ' || trim_scale(t.max_h)
	                ELSE '' END END,
	            CASE t.p_type WHEN 20 THEN 'A ' || t.job_type
	                || ', as you wanted'
	                WHEN 10 THEN 'A ' || t.job_type
	                || ', and any job type suits you' END,
	            CASE t.p_one WHEN 20 THEN 'One supervisor, as you need'
	                WHEN 10 THEN 'You do not need a single supervisor' END,
	            CASE WHEN t.d IS NOT NULL AND t.p_dist > 0
	                THEN to_char(t.d, 'FM9990.0') || ' km away, within your '
	                || trim_scale(t.radius) || ' km'
	                WHEN t.d IS NULL AND t.same_code
	                THEN 'In your municipality'
	                WHEN t.d IS NULL THEN 'Distance unknown' END,
	            CASE WHEN t.p_easy > 0 THEN 'Easy to read: the summary has LIX '
	                || to_char(t.summary_lix, 'FM9990.0') || ' ('
	                || replace(core.lix_level(t.summary_lix), '_', ' ')
	                || ')' END], NULL)
	            || ARRAY(SELECT 'Matches your interest in "' || i || '"'
	                FROM unnest(t.interests) WITH ORDINALITY u(i, o)
	                ORDER BY o))
	        ORDER BY t.score DESC, t.published_at DESC NULLS LAST, t.id)
	    FROM top t JOIN jobs j ON j.id = t.id), '[]'::json)),
	NULL, NULL)::api.result
	ELSE (SELECT NULL::api.result FROM api.raise_not_found('seeker')) END);
END
$$;
