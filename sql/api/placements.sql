-- placements.sql — /v1/placements: the hire of an offered application
-- (placement, application, job and seeker in one transaction) and its end.

-- A placement as the API returns it (all keys always present).
CREATE OR REPLACE FUNCTION api.placement_json(p placements) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', p.id,
	    'application_id', p.application_id, 'seeker_id', p.seeker_id,
	    'job_id', p.job_id, 'employer_id', p.employer_id,
	    'start_date', p.start_date, 'weekly_hours', p.weekly_hours,
	    'hourly_wage_dkk', p.hourly_wage_dkk, 'job_type', p.job_type,
	    'status', p.status, 'end_date', p.end_date,
	    'end_reason', p.end_reason,
	    'created_at', api.ts(p.created_at),
	    'updated_at', api.ts(p.updated_at))
$$;

-- Placements (s: its seeker) and their follow-ups: admin all; consultant,
-- partner and seeker where the seeker is visible to them (seeker_visible);
-- employer at jobs of its own company.
CREATE OR REPLACE FUNCTION api.placement_visible(ctx jsonb, s seekers, p placements)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner', 'seeker')
	        AND api.seeker_visible(ctx, s))
	    OR (ctx->>'role' = 'employer'
	        AND p.employer_id = (ctx->>'employer_id')::uuid)
$$;

-- Ends the active placement p (the caller has locked its row) on end_date
-- for reason, by actor: pending follow-ups due after end_date become
-- missed (so no list shows them overdue); the job's filled - 1 (a filled
-- job is published again); the seeker goes from placed back to active
-- unless another placement of theirs is still active. 409 when p is
-- already ended, 422 end_date out_of_range before the start or after
-- today. Used by placements_end and follow_ups_record. Lock order:
-- placement, job, follow-ups, seeker.
CREATE OR REPLACE FUNCTION api.placement_end(p placements, end_date date, reason text,
    actor uuid) RETURNS placements
LANGUAGE plpgsql AS $$
DECLARE
	ended	placements;
BEGIN
	IF p.status <> 'active' THEN
		PERFORM api.raise_conflict('placement is ' || p.status
		    || '; only an active placement can be ended');
	END IF;
	IF end_date IS NULL OR end_date < p.start_date THEN
		PERFORM api.raise_field('end_date', 'out_of_range',
		    'end_date must not be before start_date ('
		    || p.start_date || ')');
	END IF;
	IF end_date > current_date THEN
		PERFORM api.raise_field('end_date', 'out_of_range',
		    'end_date must not be in the future (today is '
		    || current_date || ')');
	END IF;

	PERFORM 1 FROM jobs j WHERE j.id = p.job_id FOR UPDATE;
	UPDATE placements t SET status = 'ended', end_date = placement_end.end_date,
	    end_reason = reason, ended_by = actor
	WHERE t.id = p.id
	RETURNING * INTO ended;
	UPDATE follow_ups f SET status = 'missed'
	WHERE f.placement_id = p.id AND f.status = 'pending'
	  AND f.due_on > placement_end.end_date;
	-- A filled job is advertised again; one from before easy-read
	-- summaries were required (0028) has none and goes back to draft
	-- until it gets one, rather than refuse to end the placement.
	UPDATE jobs j SET filled = j.filled - 1,
	    status = CASE WHEN j.status <> 'filled' THEN j.status
	        WHEN coalesce(btrim(j.easy_read_summary), '') <> ''
	        THEN 'published' ELSE 'draft' END
	WHERE j.id = p.job_id AND j.filled > 0;
	UPDATE seekers s SET status = 'active'
	WHERE s.id = p.seeker_id AND s.status = 'placed'
	  AND NOT EXISTS (SELECT 1 FROM placements o
	      WHERE o.seeker_id = p.seeker_id AND o.status = 'active');
	RETURN ended;
END
$$;

-- The placement with args.id, locked, if visible to the caller, else 404.
CREATE OR REPLACE FUNCTION api.placement_for_update(ctx jsonb, id uuid)
RETURNS placements
LANGUAGE plpgsql AS $$
DECLARE
	p	placements;
BEGIN
	SELECT t.* INTO p FROM placements t
	JOIN seekers s ON s.id = t.seeker_id
	WHERE t.id = placement_for_update.id AND api.placement_visible(ctx, s, t)
	FOR UPDATE OF t;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('placement');
	END IF;
	RETURN p;
END
$$;

-- GET /v1/placements: newest first; filters seeker_id, job_id,
-- employer_id, status. Each placement on the page is audited
-- (placement.listed).
CREATE OR REPLACE FUNCTION api.placements_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	page	json;
	last_key text;
	ids	uuid[];
	sids	uuid[];
BEGIN
	SELECT json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.since_key(args,
	        updated_at, id, api.created_key(created_at, id))::text)
	        FILTER (WHERE rn = lim) END,
	    array_agg(id) FILTER (WHERE rn <= lim),
	    array_agg(seeker_id) FILTER (WHERE rn <= lim)
	INTO page, last_key, ids, sids
	FROM (SELECT p.created_at, p.id, p.updated_at, p.seeker_id,
	        api.placement_json(p) AS item,
	        row_number() OVER (ORDER BY api.since_ts(args, p.updated_at),
	            api.since_id(args, p.id), p.created_at DESC, p.id DESC) AS rn
	    FROM placements p
	    JOIN seekers s ON s.id = p.seeker_id
	    WHERE api.placement_visible(ctx, s, p)
	      AND (q->>'seeker_id' IS NULL
	           OR p.seeker_id = (q->>'seeker_id')::uuid)
	      AND (q->>'job_id' IS NULL OR p.job_id = (q->>'job_id')::uuid)
	      AND (q->>'employer_id' IS NULL
	           OR p.employer_id = (q->>'employer_id')::uuid)
	      AND (q->>'status' IS NULL OR p.status = q->>'status')
	      AND api.since_after(args, p.updated_at, p.id,
	          api.after_cursor(args, p.created_at, p.id))
	    ORDER BY api.since_ts(args, p.updated_at),
	        api.since_id(args, p.id), p.created_at DESC, p.id DESC
	    LIMIT lim + 1) t;
	PERFORM api.audit_many(ctx, 'placement.listed', 'placement',
	    ids::text[], sids);
	RETURN api.list_result(page, last_key);
END
$$;

-- GET /v1/placements/{id} (audited: placement.read).
CREATE OR REPLACE FUNCTION api.placements_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	p	placements;
BEGIN
	SELECT t.* INTO p FROM placements t
	JOIN seekers s ON s.id = t.seeker_id
	WHERE t.id = (args->>'id')::uuid AND api.placement_visible(ctx, s, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('placement');
	END IF;
	PERFORM api.audit(ctx, 'placement.read', 'placement', p.id::text,
	    p.seeker_id);
	RETURN api.one(200, api.placement_json(p), p.version);
END
$$;

-- 422 start_date out_of_range unless start lies within a year of today,
-- either way (a late registration is normal, 1901 or 2099 is not).
CREATE OR REPLACE FUNCTION api.check_start_date(start date) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF start IS NULL OR start < (current_date - interval '1 year')::date
	    OR start > (current_date + interval '1 year')::date THEN
		PERFORM api.raise_field('start_date', 'out_of_range',
		    'start_date must lie within a year of today ('
		    || current_date || '), either way');
	END IF;
END
$$;

-- POST /v1/placements: the hire, all in this one call (one transaction).
-- admin, consultant, employer (else JB403). The application is locked
-- and must be visible (else application_id not_found) and offered (else
-- JB409); then its job is locked and must have a free position (else
-- JB409). Because the job row is locked before its free positions are
-- read, two concurrent hires of the last position run one after the
-- other and the second sees no free position. Then: the placement; the
-- application → hired (one event, reason 'hired'); the job's filled + 1
-- (a published job whose positions are all taken → filled); the seeker →
-- placed; five pending follow-ups at start_date + 1, 3, 6, 12, 24 months.
-- Dates and type (422): start_date within a year of today, either way
-- (api.check_start_date); job_type is the job's when absent, and only an
-- admin may send another one.
CREATE OR REPLACE FUNCTION api.placements_create(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	a	applications;
	j	jobs;
	p	placements;
	hired	applications;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,employer}',
	    'create placements');
	PERFORM api.check_start_date((b->>'start_date')::date);

	SELECT t.* INTO a FROM applications t
	JOIN seekers s ON s.id = t.seeker_id
	JOIN jobs jj ON jj.id = t.job_id
	WHERE t.id = (b->>'application_id')::uuid
	  AND api.application_visible(ctx, s, jj)
	FOR UPDATE OF t;
	IF NOT FOUND THEN
		PERFORM api.raise_field('application_id', 'not_found',
		    'no application with this id that you may see');
	END IF;
	IF a.status <> 'offered' THEN
		PERFORM api.raise_conflict('only an offered application can be '
		    || 'hired; this one is ' || a.status);
	END IF;

	-- Read after the lock: a hire that committed meanwhile is seen.
	SELECT * INTO j FROM jobs t WHERE t.id = a.job_id FOR UPDATE;
	IF j.filled >= j.positions THEN
		PERFORM api.raise_conflict('the job has no free positions');
	END IF;
	IF b->>'job_type' IS DISTINCT FROM j.job_type AND b->>'job_type' IS NOT NULL
	    AND ctx->>'role' <> 'admin' THEN
		PERFORM api.raise_field('job_type', 'invalid_value',
		    'job_type must be the job''s (' || j.job_type
		    || '); only an admin may set another');
	END IF;

	INSERT INTO placements (application_id, seeker_id, job_id, employer_id,
	    start_date, weekly_hours, hourly_wage_dkk, job_type)
	VALUES (a.id, a.seeker_id, j.id, j.employer_id,
	    (b->>'start_date')::date, (b->>'weekly_hours')::numeric,
	    (b->>'hourly_wage_dkk')::numeric,
	    coalesce(b->>'job_type', j.job_type))
	RETURNING * INTO p;

	UPDATE applications SET status = 'hired' WHERE id = a.id
	RETURNING * INTO hired;
	INSERT INTO application_events (application_id, from_status, to_status,
	    at, actor_id, reason)
	VALUES (a.id, a.status, 'hired', hired.updated_at, (ctx->>'sub')::uuid,
	    'hired');

	UPDATE jobs t SET filled = t.filled + 1,
	    status = CASE WHEN t.filled + 1 >= t.positions
	        AND t.status = 'published' THEN 'filled' ELSE t.status END
	WHERE t.id = j.id;
	UPDATE seekers t SET status = 'placed'
	WHERE t.id = a.seeker_id AND t.status <> 'placed';

	INSERT INTO follow_ups (placement_id, seeker_id, due_on, month)
	SELECT p.id, p.seeker_id,
	    (p.start_date + make_interval(months => m))::date, m
	FROM unnest(ARRAY[1, 3, 6, 12, 24]) AS m;

	RETURN api.one(201, api.placement_json(p), p.version);
END
$$;

-- POST /v1/placements/{id}/end {"end_date","reason"}: 404 not visible;
-- 403 role; 412 If-Match; 409 already ended; 422 end_date out_of_range.
CREATE OR REPLACE FUNCTION api.placements_end(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	p	placements := api.placement_for_update(ctx, (args->>'id')::uuid);
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,employer}',
	    'end placements');
	PERFORM api.check_if_match(args, p.version);
	p := api.placement_end(p, (b->>'end_date')::date, b->>'reason',
	    (ctx->>'sub')::uuid);
	RETURN api.one(200, api.placement_json(p), p.version);
END
$$;
