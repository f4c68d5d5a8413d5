-- applications.sql — /v1/applications: a seeker applies to a job; the
-- status moves through the pipeline with a history of who, when and why.

-- An application as the API returns it to the caller ctx. `seeker` is the
-- summary the caller may see: admin, consultant, partner and the seeker
-- always; an employer only with consents.share_with_employers, else null.
-- The case notes (cover_note, the summary's support_needs) are null for
-- the roles api.case_note_fields does not list (api.redact).
CREATE OR REPLACE FUNCTION api.application_json(a applications, ctx jsonb) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT api.redact(ctx, 'application', json_build_object('id', a.id,
	    'seeker_id', a.seeker_id, 'job_id', a.job_id, 'status', a.status,
	    'cover_note', a.cover_note,
	    'prepared_with_consultant', a.prepared_with_consultant,
	    'seeker', (SELECT api.redact(ctx, 'seeker', json_build_object(
	            'first_name', s.first_name,
	            'last_name', s.last_name, 'easy_read', s.easy_read,
	            'needs_single_supervisor', s.needs_single_supervisor,
	            'support_needs', s.support_needs))
	        FROM seekers s
	        WHERE s.id = a.seeker_id
	          AND (ctx->>'role' IN ('admin', 'consultant', 'partner',
	                  'seeker')
	               OR (ctx->>'role' = 'employer'
	                   AND s.consents_share_with_employers))),
	    'created_at', api.ts(a.created_at),
	    'updated_at', api.ts(a.updated_at)))
$$;

-- Applications (s: its seeker, j: its job): admin all; consultant,
-- partner and seeker where the seeker is visible to them (seeker_visible);
-- employer on its own jobs.
CREATE OR REPLACE FUNCTION api.application_visible(ctx jsonb, s seekers, j jobs)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner', 'seeker')
	        AND api.seeker_visible(ctx, s))
	    OR (ctx->>'role' = 'employer'
	        AND j.employer_id = (ctx->>'employer_id')::uuid)
$$;

-- Whether an application may move from one status to another (the strict
-- chain; rejected and withdrawn from any open state; hired never here).
CREATE OR REPLACE FUNCTION api.application_move_legal(from_status text,
    to_status text) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT (from_status, to_status) IN (('submitted', 'in_review'),
	        ('in_review', 'interview'), ('interview', 'offered'))
	    OR (from_status IN ('submitted', 'in_review', 'interview', 'offered')
	        AND to_status IN ('rejected', 'withdrawn'))
$$;

-- Whether the caller's role may make a move to to_status (on an
-- application visible to them): admin, consultant all; employer
-- in_review, interview, offered, rejected; seeker withdrawn; partner none.
CREATE OR REPLACE FUNCTION api.application_move_allowed(ctx jsonb, to_status text)
RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(ctx->>'role' IN ('admin', 'consultant')
	    OR (ctx->>'role' = 'employer' AND to_status IN ('in_review',
	        'interview', 'offered', 'rejected'))
	    OR (ctx->>'role' = 'seeker' AND to_status = 'withdrawn'), false)
$$;

-- The application with args.id if visible to the caller, else 404.
CREATE OR REPLACE FUNCTION api.application_of(ctx jsonb, args jsonb)
RETURNS applications
LANGUAGE plpgsql STABLE AS $$
DECLARE
	a	applications;
BEGIN
	SELECT t.* INTO a FROM applications t
	JOIN seekers s ON s.id = t.seeker_id
	JOIN jobs j ON j.id = t.job_id
	WHERE t.id = (args->>'id')::uuid AND api.application_visible(ctx, s, j);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('application');
	END IF;
	RETURN a;
END
$$;

-- The status history of application a_id as the API returns it, oldest
-- first (GET /v1/applications/{id}/history and the export).
CREATE OR REPLACE FUNCTION api.application_history(a_id uuid) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT coalesce(json_agg(json_build_object('from', e.from_status,
	    'to', e.to_status, 'at', api.ts(e.at), 'actor_id', e.actor_id,
	    'reason', e.reason) ORDER BY e.at, e.id), '[]'::json)
	FROM application_events e WHERE e.application_id = a_id
$$;

-- GET /v1/applications: newest first; filters seeker_id, job_id, status.
-- Each application on the page is audited (application.listed).
CREATE OR REPLACE FUNCTION api.applications_list(ctx jsonb, args jsonb)
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
	FROM (SELECT a.created_at, a.id, a.updated_at, a.seeker_id,
	        api.application_json(a, ctx) AS item,
	        row_number() OVER (ORDER BY api.since_ts(args, a.updated_at),
	            api.since_id(args, a.id), a.created_at DESC, a.id DESC) AS rn
	    FROM applications a
	    JOIN seekers s ON s.id = a.seeker_id
	    JOIN jobs j ON j.id = a.job_id
	    WHERE api.application_visible(ctx, s, j)
	      AND (q->>'seeker_id' IS NULL
	           OR a.seeker_id = (q->>'seeker_id')::uuid)
	      AND (q->>'job_id' IS NULL OR a.job_id = (q->>'job_id')::uuid)
	      AND (q->>'status' IS NULL OR a.status = q->>'status')
	      AND api.since_after(args, a.updated_at, a.id,
	          api.after_cursor(args, a.created_at, a.id))
	    ORDER BY api.since_ts(args, a.updated_at),
	        api.since_id(args, a.id), a.created_at DESC, a.id DESC
	    LIMIT lim + 1) t;
	PERFORM api.audit_many(ctx, 'application.listed', 'application',
	    ids::text[], sids);
	RETURN api.list_result(page, last_key);
END
$$;

-- GET /v1/applications/{id} (audited: application.read).
CREATE OR REPLACE FUNCTION api.applications_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	a	applications := api.application_of(ctx, args);
BEGIN
	PERFORM api.audit(ctx, 'application.read', 'application', a.id::text,
	    a.seeker_id);
	RETURN api.one(200, api.application_json(a, ctx), a.version);
END
$$;

-- POST /v1/applications: admin, consultant (seeker in scope), seeker
-- (themselves) → submitted. The job must be visible, published and have
-- a free position; the seeker must not be inactive; one open application
-- per (seeker, job) (applications_seeker_id_job_id_key → 23505).
CREATE OR REPLACE FUNCTION api.applications_create(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	s	seekers;
	j	jobs;
	a	applications;
BEGIN
	IF coalesce(ctx->>'role' NOT IN ('admin', 'consultant', 'seeker'),
	    true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not create applications';
	END IF;

	-- FOR SHARE: the seeker and the job stay as checked until commit (a
	-- concurrent status change or placement waits for this one).
	SELECT * INTO s FROM seekers t
	WHERE t.id = (b->>'seeker_id')::uuid AND api.seeker_visible(ctx, t)
	FOR SHARE;
	IF NOT FOUND THEN
		PERFORM api.raise_field('seeker_id', 'not_found',
		    'no seeker with this id that you may apply for');
	END IF;
	SELECT * INTO j FROM jobs t
	WHERE t.id = (b->>'job_id')::uuid AND api.job_visible(ctx, t)
	FOR SHARE;
	IF NOT FOUND THEN
		PERFORM api.raise_field('job_id', 'not_found', 'no such job');
	END IF;

	IF j.status <> 'published' THEN
		PERFORM api.raise_conflict('job is ' || j.status
		    || '; only a published job takes applications');
	END IF;
	IF j.filled >= j.positions THEN
		PERFORM api.raise_conflict(
		    'job is filled; all its positions are taken');
	END IF;
	IF s.status = 'inactive' THEN
		PERFORM api.raise_conflict(
		    'seeker is inactive; an inactive seeker cannot apply');
	END IF;

	INSERT INTO applications (seeker_id, job_id, cover_note,
	    prepared_with_consultant)
	VALUES (s.id, j.id, b->>'cover_note',
	    coalesce((b->>'prepared_with_consultant')::bool,
	        ctx->>'role' = 'consultant'))
	RETURNING * INTO a;
	INSERT INTO application_events (application_id, from_status, to_status,
	    at, actor_id)
	VALUES (a.id, NULL, a.status, a.created_at, (ctx->>'sub')::uuid);
	RETURN api.one(201, api.application_json(a, ctx), a.version);
END
$$;

-- POST /v1/applications/{id}/transitions {"to","reason"}: 404 not
-- visible; 409 to hired (placements do that); 403 the role may not move
-- to that status; 412 If-Match; 409 not a legal move from the current
-- status. The row is locked, so concurrent moves run one after another.
CREATE OR REPLACE FUNCTION api.applications_transition(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	dest	text := b->>'to';
	a	applications;
	prev	text;
BEGIN
	SELECT t.* INTO a FROM applications t
	JOIN seekers s ON s.id = t.seeker_id
	JOIN jobs j ON j.id = t.job_id
	WHERE t.id = (args->>'id')::uuid AND api.application_visible(ctx, s, j)
	FOR UPDATE OF t;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('application');
	END IF;

	IF dest = 'hired' THEN
		PERFORM api.raise_conflict('an application cannot be moved to '
		    || 'hired here; use POST /v1/placements');
	END IF;
	IF NOT api.application_move_allowed(ctx, dest) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'a ' || coalesce(ctx->>'role', 'caller')
		    || ' may not move an application to '
		    || coalesce(dest, 'null');
	END IF;
	PERFORM api.check_if_match(args, a.version);
	IF NOT coalesce(api.application_move_legal(a.status, dest), false) THEN
		PERFORM api.raise_conflict('illegal transition from ' || a.status
		    || ' to ' || coalesce(dest, 'null')
		    || CASE WHEN a.status IN ('hired', 'rejected', 'withdrawn')
		        THEN ' (' || a.status || ' is final)' ELSE '' END);
	END IF;

	prev := a.status;
	UPDATE applications SET status = dest WHERE id = a.id
	RETURNING * INTO a;
	INSERT INTO application_events (application_id, from_status, to_status,
	    at, actor_id, reason)
	VALUES (a.id, prev, dest, a.updated_at, (ctx->>'sub')::uuid,
	    b->>'reason');
	RETURN api.one(200, api.application_json(a, ctx), a.version);
END
$$;

-- GET /v1/applications/{id}/history: {"data":[...]} oldest first
-- (api.application_history), each reason as the caller may read it.
-- Audited: application.read.
CREATE OR REPLACE FUNCTION api.applications_history(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	a	applications := api.application_of(ctx, args);
BEGIN
	PERFORM api.audit(ctx, 'application.read', 'application', a.id::text,
	    a.seeker_id);
	RETURN ROW(200, json_build_object('data', (SELECT
	    coalesce(json_agg(api.redact(ctx, 'application_event', e.item)
	        ORDER BY e.n), '[]'::json)
	    FROM json_array_elements(api.application_history(a.id))
	        WITH ORDINALITY AS e (item, n))), NULL, NULL)::api.result;
END
$$;
