-- jobs.sql — /v1/jobs: adapted job postings, their filters and the
-- draft → published → closed moves. Anonymous callers see published jobs.
-- For job boards: a published job as a schema.org JobPosting (GET
-- /v1/jobs/{id} with Accept: application/ld+json) and the feed of the open
-- ones, GET /v1/feeds/jobs.jsonld.

-- The readability of a text from its LIX (core.lix, migration 0028):
-- {"lix", "level"}, or null when the text has no words. STABLE as
-- json_build_object is, so that it is inlined into api.job_json: declared
-- IMMUTABLE it was called once per text, which doubled the CPU of a page.
CREATE OR REPLACE FUNCTION api.readability(lix numeric) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN lix IS NOT NULL THEN json_build_object('lix', lix,
	    'level', core.lix_level(lix)) END
$$;

-- A job as the API returns it.
CREATE OR REPLACE FUNCTION api.job_json(j jobs) RETURNS json
LANGUAGE sql STABLE AS $$
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
	        'description', api.readability(j.description_lix),
	        'easy_read_summary', api.readability(j.summary_lix)),
	    'published_at', api.ts(j.published_at),
	    'created_at', api.ts(j.created_at),
	    'updated_at', api.ts(j.updated_at))
$$;

-- A published job as a schema.org JobPosting (JSON-LD): the item of the
-- feed and GET /v1/jobs/{id} as application/ld+json. Nothing personal (no
-- supervisor, no contact person). jobLocation: the job's address, else its
-- employer's postal code and city (never the employer's street: the work
-- may be elsewhere), else the municipality's name as the locality; region
-- and country always, geo when the job has a location. validThrough: the
-- end of the application_deadline in Copenhagen, in UTC; left out with no
-- deadline, as Google asks. Nulls are left out; "<" is written \u003c so
-- the text can go into an HTML <script> element as it is.
CREATE OR REPLACE FUNCTION api.job_posting(j jobs, e employers, m municipalities,
    base_url text) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT replace(json_strip_nulls(json_build_object(
	    '@context', 'https://schema.org', '@type', 'JobPosting',
	    'url', coalesce(rtrim(base_url, '/'), '') || '/v1/jobs/' || j.id,
	    'identifier', json_build_object('@type', 'PropertyValue',
	        'name', 'Jobbro', 'value', j.id),
	    'title', j.title, 'description', j.description,
	    'datePosted', to_char(j.published_at AT TIME ZONE 'Europe/Copenhagen',
	        'YYYY-MM-DD'),
	    'validThrough', to_char(((j.application_deadline + 1)::timestamp
	        AT TIME ZONE 'Europe/Copenhagen') AT TIME ZONE 'UTC'
	        - interval '1 second', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
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
$$;

-- Jobs: published for everyone; admin all; consultant/partner in their
-- municipalities; employer its own.
CREATE OR REPLACE FUNCTION api.job_visible(ctx jsonb, j jobs) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT j.status = 'published'
	    OR ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner')
	        AND j.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'employer'
	        AND j.employer_id = (ctx->>'employer_id')::uuid)
$$;

-- Jobs a caller may change: admin all, consultant in scope, employer own.
CREATE OR REPLACE FUNCTION api.job_writable(ctx jsonb, j jobs) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' = 'consultant'
	        AND j.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'employer'
	        AND j.employer_id = (ctx->>'employer_id')::uuid)
$$;

-- GET /v1/jobs: newest first; filters status, municipality_code, job_type,
-- max_weekly_hours, max_lix (the easy_read_summary's LIX at most that; jobs
-- without a summary left out; C sends 36.3 as 36.299999999999997, which
-- float8 → numeric makes 36.3 again), single_supervisor, employer_id, external_reference
-- (exact), deadline_after (a deadline on or after that date, or none),
-- occupation_code (a prefix of the DISCO-08 code), near + radius_km
-- (haversine, default 25 km; jobs without location left out), q (Danish
-- full text); updated_since and the cursor (sql/api/events.sql).
--
-- Planned per filter shape (api.define_shaped_list, helpers.sql): the
-- filters a call has (api.jobs_list_shape) switch the conditions of
-- api.jobs_list_sql() on or off; the common shapes (api.jobs_list_shapes)
-- keep one generic plan each, the others are planned per call.

-- The filters of a GET /v1/jobs call that shape its statement, sorted,
-- comma-separated: 'max_weekly_hours,municipality_code,status'.
CREATE OR REPLACE FUNCTION api.jobs_list_shape(q jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT concat_ws(',',
	    CASE WHEN q->'cursor' IS NOT NULL THEN 'cursor' END,
	    CASE WHEN q->>'deadline_after' IS NOT NULL THEN 'deadline_after' END,
	    CASE WHEN q->>'employer_id' IS NOT NULL THEN 'employer_id' END,
	    CASE WHEN q->>'external_reference' IS NOT NULL
	        THEN 'external_reference' END,
	    CASE WHEN q->>'job_type' IS NOT NULL THEN 'job_type' END,
	    CASE WHEN q->>'max_lix' IS NOT NULL THEN 'max_lix' END,
	    CASE WHEN q->>'max_weekly_hours' IS NOT NULL
	        THEN 'max_weekly_hours' END,
	    CASE WHEN q->>'municipality_code' IS NOT NULL
	        THEN 'municipality_code' END,
	    CASE WHEN q->'near'->>'lat' IS NOT NULL THEN 'near' END,
	    CASE WHEN q->>'occupation_code' IS NOT NULL
	        THEN 'occupation_code' END,
	    CASE WHEN q->>'q' IS NOT NULL THEN 'q' END,
	    CASE WHEN q->>'single_supervisor' IS NOT NULL
	        THEN 'single_supervisor' END,
	    CASE WHEN q->>'status' IS NOT NULL THEN 'status' END,
	    CASE WHEN q ? 'updated_since' THEN 'updated_since' END)
$$;

-- The shapes with a kept plan: the public board's (status, municipality,
-- hours, type), a consultant's and an employer's lists, the unfiltered
-- list; each also with a cursor. Not q: how many rows a word matches
-- decides the plan (GIN index, or the newest first and filter), so a
-- search is planned for its words every time.
CREATE OR REPLACE FUNCTION api.jobs_list_shapes() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT api.shapes_and_cursor(ARRAY['', 'status', 'municipality_code',
	    'municipality_code,status', 'max_weekly_hours,municipality_code,status',
	    'job_type,max_weekly_hours,municipality_code,status',
	    'job_type,municipality_code,status', 'employer_id',
	    'employer_id,status', 'near'])
$$;

-- The statement (api.define_shaped_list): the page's rows once (ordered
-- and limited by the index where there is one), as their keys and
-- physical places (ctid); its tag from their ids and versions; the JSON
-- (a subplan run only when needed) unless If-None-Match has it, from
-- the rows fetched again by ctid (the same versions: one statement, one
-- snapshot): taking each field out of a whole-row value kept in the CTE
-- costs more than the fetch. Keyset as api.since_after/api.after_cursor,
-- written out so that the cursor's test folds to an index condition.
CREATE OR REPLACE FUNCTION api.jobs_list_sql() RETURNS text
LANGUAGE sql IMMUTABLE AS $f$
	SELECT $q$RETURN (WITH page AS MATERIALIZED (
	    SELECT j.ctid AS tid, j.id, j.version, j.created_at, j.updated_at,
	        row_number() OVER (ORDER BY
	            CASE WHEN {updated_since} THEN j.updated_at END,
	            CASE WHEN {updated_since} THEN j.id END,
	            j.created_at DESC, j.id DESC) AS rn
	    FROM jobs j
	    WHERE api.job_visible($1, j)
	      AND (NOT {status} OR j.status = $2->'query'->>'status')
	      AND (NOT {municipality_code}
	           OR j.municipality_code = $2->'query'->>'municipality_code')
	      AND (NOT {job_type} OR j.job_type = $2->'query'->>'job_type')
	      AND (NOT {max_weekly_hours} OR j.weekly_hours
	           <= ($2->'query'->>'max_weekly_hours')::numeric)
	      AND (NOT {max_lix} OR j.summary_lix
	           <= ($2->'query'->>'max_lix')::float8::numeric)
	      AND (NOT {single_supervisor} OR j.single_supervisor
	           = ($2->'query'->>'single_supervisor')::bool)
	      AND (NOT {employer_id}
	           OR j.employer_id = ($2->'query'->>'employer_id')::uuid)
	      AND (NOT {external_reference} OR j.external_reference
	           = $2->'query'->>'external_reference')
	      AND (NOT {deadline_after} OR j.application_deadline IS NULL
	           OR j.application_deadline
	           >= ($2->'query'->>'deadline_after')::date)
	      AND (NOT {occupation_code} OR j.occupation_code
	           LIKE ($2->'query'->>'occupation_code') || '%')
	      AND (NOT {near} OR (j.lat IS NOT NULL
	           AND api.distance_km(($2->'query'->'near'->>'lat')::float8,
	               ($2->'query'->'near'->>'lon')::float8, j.lat, j.lon)
	           <= coalesce(($2->'query'->>'radius_km')::float8, 25)))
	      AND (NOT {q} OR j.search
	           @@ websearch_to_tsquery('danish', $2->'query'->>'q'))
	      AND (NOT {cursor} OR {updated_since} OR (j.created_at, j.id)
	           < (($2->'query'->'cursor'->>0)::timestamptz,
	           ($2->'query'->'cursor'->>1)::uuid))
	      AND (NOT {updated_since} OR (j.updated_at
	           >= ($2->'query'->>'updated_since')::timestamptz
	           AND (NOT {cursor} OR (j.updated_at, j.id)
	               > (($2->'query'->'cursor'->>0)::timestamptz,
	               ($2->'query'->'cursor'->>1)::uuid))))
	    ORDER BY CASE WHEN {updated_since} THEN j.updated_at END,
	        CASE WHEN {updated_since} THEN j.id END,
	        j.created_at DESC, j.id DESC
	    LIMIT api.limit_of($2) + 1),
	t AS (SELECT api.page_tag($2, string_agg(p.id || '.' ||
	        p.version, ',' ORDER BY p.rn)
	        FILTER (WHERE p.rn <= api.limit_of($2)),
	        count(*) > api.limit_of($2)) AS tag
	    FROM page p)
	SELECT CASE WHEN api.none_match($2, t.tag)
	    THEN ROW(304, NULL, t.tag, NULL)::api.result
	    ELSE (SELECT api.tagged_page(t.tag,
	        json_agg(api.job_json(j) ORDER BY p.rn)
	            FILTER (WHERE p.rn <= api.limit_of($2)),
	        CASE WHEN count(*) > api.limit_of($2) THEN min(api.since_key($2,
	            p.updated_at, p.id,
	            api.created_key(p.created_at, p.id))::text)
	            FILTER (WHERE p.rn = api.limit_of($2)) END)
	        FROM page p JOIN jobs j ON j.ctid = p.tid) END
	FROM t);$q$
$f$;

-- api.jobs_list(ctx, args) and api.jobs_list_any (helpers.sql).
SELECT api.define_shaped_list('jobs_list', 'STABLE', '', api.jobs_list_sql(),
    '', '{cursor,deadline_after,employer_id,external_reference,job_type,max_lix,max_weekly_hours,municipality_code,near,occupation_code,q,single_supervisor,status,updated_since}',
    api.jobs_list_shapes(), 'api.jobs_list_shape');

-- GET /v1/jobs/{id}. args.format 'jsonld' (Accept: application/ld+json):
-- the JobPosting of a published job (others: 404 for every caller), with
-- no ETag from SQL (C hashes the body: it is not the row's JSON).
CREATE OR REPLACE FUNCTION api.jobs_get(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	j	jobs;
BEGIN
	SELECT * INTO j FROM jobs t
	WHERE t.id = (args->>'id')::uuid AND api.job_visible(ctx, t);
	IF NOT FOUND OR (args->>'format' = 'jsonld' AND j.status <> 'published')
	THEN
		PERFORM api.raise_not_found('job');
	END IF;
	IF args->>'format' = 'jsonld' THEN
		RETURN (SELECT ROW(200, api.job_posting(j, e, m,
		    args->>'base_url'), NULL, NULL)::api.result
		    FROM employers e, municipalities m
		    WHERE e.id = j.employer_id AND m.code = j.municipality_code);
	END IF;
	RETURN api.one(200, api.job_json(j), j.version);
END
$$;

-- GET /v1/feeds/jobs.jsonld (public; every caller sees the same): the
-- open postings — published, and the application_deadline (a Copenhagen
-- date) not passed — as JobPostings (api.job_posting), newest first. C
-- wraps the page as {"@context", "@graph", "next_cursor"}. A function of
-- its own, so that its cursors are not GET /v1/jobs's (src/cursor.c).
-- One plan, kept: left to choose, PostgreSQL plans each call anew (a
-- generic LIMIT looks dearer than it is), inlining api.job_posting every
-- time (~1.5 ms a call).
CREATE OR REPLACE FUNCTION api.feeds_jobs(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_generic_plan AS $$
DECLARE
	lim	int := api.limit_of(args);
	today	date := (now() AT TIME ZONE 'Europe/Copenhagen')::date;
BEGIN
	-- The tag from the jobs' and employers' versions (a posting shows
	-- its employer). The postings are made with the page's rows, from
	-- the tables' own rows: made later from whole-row values kept in
	-- the CTE they cost ~3x the CPU (each field taken out of a
	-- composite), more than the 304 answers save.
	RETURN (WITH page AS MATERIALIZED (
	    SELECT j.id, j.version, e.version AS employer_version,
	        j.created_at, api.job_posting(j, e, m, args->>'base_url') AS item,
	        row_number() OVER (ORDER BY j.created_at DESC, j.id DESC) AS rn
	    FROM jobs j
	    JOIN employers e ON e.id = j.employer_id
	    JOIN municipalities m ON m.code = j.municipality_code
	    WHERE j.status = 'published'
	      AND (j.application_deadline IS NULL
	           OR j.application_deadline >= today)
	      -- api.after_cursor as one row comparison (no cursor: before
	      -- the end of time), an index condition in the generic plan
	      AND (j.created_at, j.id) < (coalesce(
	          (args->'query'->'cursor'->>0)::timestamptz, 'infinity'),
	          coalesce((args->'query'->'cursor'->>1)::uuid,
	          'ffffffff-ffff-ffff-ffff-ffffffffffff'))
	    ORDER BY j.created_at DESC, j.id DESC
	    LIMIT lim + 1),
	t AS (SELECT api.page_tag(args, string_agg(p.id || '.' ||
	        p.version || '.' || p.employer_version, ',' ORDER BY p.rn)
	        FILTER (WHERE p.rn <= lim), count(*) > lim) AS tag
	    FROM page p)
	SELECT CASE WHEN api.none_match(args, t.tag)
	    THEN ROW(304, NULL, t.tag, NULL)::api.result
	    ELSE (SELECT api.tagged_page(t.tag,
	        json_agg(p.item ORDER BY p.rn) FILTER (WHERE p.rn <= lim),
	        CASE WHEN count(*) > lim THEN min(api.created_key(
	            p.created_at, p.id)::text)
	            FILTER (WHERE p.rn = lim) END)
	        FROM page p) END
	FROM t);
END
$$;

-- The job with args.id locked for a change by this caller, or 404; checks
-- If-Match.
CREATE OR REPLACE FUNCTION api.job_for_update(ctx jsonb, args jsonb) RETURNS jobs
LANGUAGE plpgsql AS $$
DECLARE
	j	jobs;
BEGIN
	SELECT * INTO j FROM jobs t
	WHERE t.id = (args->>'id')::uuid AND api.job_writable(ctx, t)
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('job');
	END IF;
	PERFORM api.check_if_match(args, j.version);
	RETURN j;
END
$$;

-- POST /v1/jobs: a new draft for an employer the caller can see.
CREATE OR REPLACE FUNCTION api.jobs_create(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := args->'body';
	j	jobs;
BEGIN
	IF coalesce(ctx->>'role' NOT IN ('admin', 'consultant', 'employer'),
	    true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not create jobs';
	END IF;
	IF NOT EXISTS (SELECT 1 FROM employers e
	    WHERE e.id = (b->>'employer_id')::uuid
	      AND api.employer_visible(ctx, e)) THEN
		PERFORM api.raise_field('employer_id', 'not_found',
		    'no such employer');
	END IF;
	PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');

	INSERT INTO jobs (employer_id, title, description, easy_read_summary,
	    tasks, job_type, weekly_hours, schedule, single_supervisor,
	    supervisor_name, accommodations, positions, hourly_wage_dkk,
	    municipality_code, lat, lon, starts_on, status, external_reference,
	    application_deadline, occupation_code, street, postal_code, city)
	VALUES ((b->>'employer_id')::uuid, b->>'title', b->>'description',
	    b->>'easy_read_summary',
	    coalesce(api.text_array(b->'tasks'), '{}'),
	    b->>'job_type', (b->>'weekly_hours')::numeric, b->>'schedule',
	    coalesce((b->>'single_supervisor')::bool, false),
	    b->>'supervisor_name',
	    coalesce(api.text_array(b->'accommodations'), '{}'),
	    coalesce((b->>'positions')::int, 1),
	    (b->>'hourly_wage_dkk')::numeric, b->>'municipality_code',
	    (b->'location'->>'lat')::float8, (b->'location'->>'lon')::float8,
	    (b->>'starts_on')::date, 'draft', b->>'external_reference',
	    (b->>'application_deadline')::date, b->>'occupation_code',
	    b->'address'->>'street', b->'address'->>'postal_code',
	    b->'address'->>'city')
	RETURNING * INTO j;
	RETURN api.one(201, api.job_json(j), j.version);
END
$$;

-- PATCH /v1/jobs/{id}: merge patch of the writable fields.
CREATE OR REPLACE FUNCTION api.jobs_update(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	j	jobs := api.job_for_update(ctx, args);
BEGIN
	IF b ? 'municipality_code' THEN
		PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');
	END IF;

	UPDATE jobs SET
	    title = CASE WHEN b ? 'title' THEN b->>'title' ELSE title END,
	    description = CASE WHEN b ? 'description' THEN b->>'description'
	        ELSE description END,
	    easy_read_summary = CASE WHEN b ? 'easy_read_summary'
	        THEN b->>'easy_read_summary' ELSE easy_read_summary END,
	    tasks = CASE WHEN b ? 'tasks' THEN api.text_array(b->'tasks')
	        ELSE tasks END,
	    job_type = CASE WHEN b ? 'job_type' THEN b->>'job_type'
	        ELSE job_type END,
	    weekly_hours = CASE WHEN b ? 'weekly_hours'
	        THEN (b->>'weekly_hours')::numeric ELSE weekly_hours END,
	    schedule = CASE WHEN b ? 'schedule' THEN b->>'schedule'
	        ELSE schedule END,
	    single_supervisor = CASE WHEN b ? 'single_supervisor'
	        THEN (b->>'single_supervisor')::bool ELSE single_supervisor END,
	    supervisor_name = CASE WHEN b ? 'supervisor_name'
	        THEN b->>'supervisor_name' ELSE supervisor_name END,
	    accommodations = CASE WHEN b ? 'accommodations'
	        THEN api.text_array(b->'accommodations') ELSE accommodations END,
	    positions = CASE WHEN b ? 'positions' THEN (b->>'positions')::int
	        ELSE positions END,
	    hourly_wage_dkk = CASE WHEN b ? 'hourly_wage_dkk'
	        THEN (b->>'hourly_wage_dkk')::numeric ELSE hourly_wage_dkk END,
	    municipality_code = CASE WHEN b ? 'municipality_code'
	        THEN b->>'municipality_code' ELSE municipality_code END,
	    lat = CASE WHEN b ? 'location' THEN (b->'location'->>'lat')::float8
	        ELSE lat END,
	    lon = CASE WHEN b ? 'location' THEN (b->'location'->>'lon')::float8
	        ELSE lon END,
	    starts_on = CASE WHEN b ? 'starts_on' THEN (b->>'starts_on')::date
	        ELSE starts_on END,
	    external_reference = CASE WHEN b ? 'external_reference'
	        THEN b->>'external_reference' ELSE external_reference END,
	    application_deadline = CASE WHEN b ? 'application_deadline'
	        THEN (b->>'application_deadline')::date
	        ELSE application_deadline END,
	    occupation_code = CASE WHEN b ? 'occupation_code'
	        THEN b->>'occupation_code' ELSE occupation_code END,
	    -- an address is replaced whole (null removes it), like location
	    street = CASE WHEN b ? 'address' THEN b->'address'->>'street'
	        ELSE street END,
	    postal_code = CASE WHEN b ? 'address'
	        THEN b->'address'->>'postal_code' ELSE postal_code END,
	    city = CASE WHEN b ? 'address' THEN b->'address'->>'city'
	        ELSE city END
	WHERE id = j.id
	RETURNING * INTO j;
	RETURN api.one(200, api.job_json(j), j.version);
END
$$;

-- DELETE /v1/jobs/{id}: drafts only, else 409.
CREATE OR REPLACE FUNCTION api.jobs_delete(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	j	jobs := api.job_for_update(ctx, args);
BEGIN
	IF j.status <> 'draft' THEN
		PERFORM api.raise_conflict('only a draft job can be deleted; '
		    || 'this job is ' || j.status);
	END IF;
	DELETE FROM jobs WHERE id = j.id;
	RETURN ROW(204, NULL, NULL, NULL)::api.result;
END
$$;

-- POST /v1/jobs/{id}/publish: draft → published; the job needs an
-- easy-read summary (422 on easy_read_summary, also enforced by
-- jobs_easy_read_summary_check for every other way a job is published).
CREATE OR REPLACE FUNCTION api.jobs_publish(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	j	jobs := api.job_for_update(ctx, args);
BEGIN
	IF j.status <> 'draft' THEN
		PERFORM api.raise_conflict('only a draft job can be published; '
		    || 'this job is ' || j.status);
	END IF;
	IF coalesce(btrim(j.easy_read_summary), '') = '' THEN
		PERFORM api.raise_field('easy_read_summary', 'required',
		    'a job needs an easy-read summary to be published');
	END IF;
	UPDATE jobs SET status = 'published', published_at = now()
	WHERE id = j.id
	RETURNING * INTO j;
	RETURN api.one(200, api.job_json(j), j.version);
END
$$;

-- POST /v1/jobs/{id}/close: draft|published|filled → closed.
CREATE OR REPLACE FUNCTION api.jobs_close(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	j	jobs := api.job_for_update(ctx, args);
BEGIN
	IF j.status = 'closed' THEN
		PERFORM api.raise_conflict('this job is already closed');
	END IF;
	UPDATE jobs SET status = 'closed' WHERE id = j.id
	RETURNING * INTO j;
	RETURN api.one(200, api.job_json(j), j.version);
END
$$;
