-- 0006_placements.sql — placements (a hired application: the seeker works
-- at the job) with their follow-ups at 1, 3, 6, 12 and 24 months, and the
-- api.placements_* and api.follow_ups_* functions (see sql/README.md).
-- The migration runner wraps this file in a transaction.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

-- One placement per hired application. seeker_id, job_id and employer_id
-- are copied from the application and its job (they never change).
-- Status: active → ended (final); end_date and end_reason are set exactly
-- when ended. ended_by is the caller who ended it (no foreign key, like
-- application_events.actor_id).
CREATE TABLE placements (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	application_id		uuid NOT NULL UNIQUE REFERENCES applications
				    ON DELETE CASCADE,
	-- A seeker's erasure takes their placements with them.
	seeker_id		uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	job_id			uuid NOT NULL REFERENCES jobs ON DELETE RESTRICT,
	employer_id		uuid NOT NULL REFERENCES employers
				    ON DELETE RESTRICT,
	start_date		date NOT NULL,
	weekly_hours		numeric(4,1) NOT NULL
				    CHECK (weekly_hours > 0 AND weekly_hours <= 37),
	hourly_wage_dkk		numeric(8,2) CHECK (hourly_wage_dkk >= 0
				    AND hourly_wage_dkk <= 10000),
	job_type		text NOT NULL CHECK (job_type IN ('skaanejob',
				    'fleksjob', 'ordinary')),
	status			text NOT NULL DEFAULT 'active' CHECK (status IN
				    ('active', 'ended')),
	end_date		date,
	end_reason		text CHECK (end_reason IN ('quit', 'dismissed',
				    'contract_ended', 'moved', 'other')),
	ended_by		uuid,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	-- ended exactly when end_date and end_reason are set; not before the
	-- start (C names the field end_date).
	CONSTRAINT placements_end_date_check CHECK (
	    (status = 'ended') = (end_date IS NOT NULL)
	    AND (end_date IS NULL) = (end_reason IS NULL)
	    AND (end_date IS NULL OR end_date >= start_date))
);
-- Keyset order and the list filters (each with the keyset behind it).
CREATE INDEX placements_created_at_id_idx ON placements
    (created_at DESC, id DESC);
CREATE INDEX placements_seeker_id_created_at_id_idx ON placements
    (seeker_id, created_at DESC, id DESC);
CREATE INDEX placements_job_id_created_at_id_idx ON placements
    (job_id, created_at DESC, id DESC);
CREATE INDEX placements_employer_id_created_at_id_idx ON placements
    (employer_id, created_at DESC, id DESC);
-- "Has this seeker another active placement?"
CREATE INDEX placements_seeker_id_active_idx ON placements (seeker_id)
    WHERE status = 'active';

CREATE TRIGGER placements_touch BEFORE UPDATE ON placements
    FOR EACH ROW EXECUTE FUNCTION api.touch_row();

-- The follow-ups of a placement, made with it: one per month 1, 3, 6, 12,
-- 24 after start_date. Stored status: pending → done (recorded) | missed
-- (the placement ended before it was due). "overdue" is not stored: it is
-- a pending one whose due_on has passed (api.follow_up_json).
CREATE TABLE follow_ups (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	placement_id		uuid NOT NULL REFERENCES placements
				    ON DELETE CASCADE,
	seeker_id		uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	due_on			date NOT NULL,
	month			int NOT NULL CHECK (month IN (1, 3, 6, 12, 24)),
	status			text NOT NULL DEFAULT 'pending' CHECK (status IN
				    ('pending', 'done', 'missed')),
	completed_at		timestamptz,
	still_employed		bool,
	weekly_hours		numeric(4,1) CHECK (weekly_hours >= 0
				    AND weekly_hours <= 37),
	seeker_satisfaction	int CHECK (seeker_satisfaction BETWEEN 1 AND 5),
	employer_satisfaction	int CHECK (employer_satisfaction
				    BETWEEN 1 AND 5),
	wellbeing_notes		text CHECK (char_length(wellbeing_notes) <= 5000),
	social_notes		text CHECK (char_length(social_notes) <= 5000),
	needs_support		bool,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT follow_ups_placement_id_month_key UNIQUE (placement_id, month),
	-- done exactly when recorded (completed_at and still_employed set).
	CONSTRAINT follow_ups_still_employed_check CHECK (
	    (status = 'done') = (completed_at IS NOT NULL)
	    AND (status = 'done') = (still_employed IS NOT NULL))
);
-- Keyset order (due_on ASC, id ASC) and the list filters.
CREATE INDEX follow_ups_due_on_id_idx ON follow_ups (due_on, id);
CREATE INDEX follow_ups_pending_due_on_id_idx ON follow_ups (due_on, id)
    WHERE status = 'pending';
CREATE INDEX follow_ups_seeker_id_due_on_id_idx ON follow_ups
    (seeker_id, due_on, id);

CREATE TRIGGER follow_ups_touch BEFORE UPDATE ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION api.touch_row();

-- ---------------------------------------------------------------------------
-- JSON, scope, keyset, the shared end
-- ---------------------------------------------------------------------------

-- A placement as the API returns it (all keys always present).
CREATE FUNCTION api.placement_json(p placements) RETURNS json
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

-- The status a client sees: a pending follow-up past its due date is
-- "overdue".
CREATE FUNCTION api.follow_up_status(status text, due_on date) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN status = 'pending' AND due_on < current_date
	    THEN 'overdue' ELSE status END
$$;

-- A follow-up as the API returns it (all keys always present).
CREATE FUNCTION api.follow_up_json(f follow_ups) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', f.id, 'placement_id', f.placement_id,
	    'seeker_id', f.seeker_id, 'due_on', f.due_on, 'month', f.month,
	    'status', api.follow_up_status(f.status, f.due_on),
	    'completed_at', api.ts(f.completed_at),
	    'still_employed', f.still_employed,
	    'weekly_hours', f.weekly_hours,
	    'seeker_satisfaction', f.seeker_satisfaction,
	    'employer_satisfaction', f.employer_satisfaction,
	    'wellbeing_notes', f.wellbeing_notes,
	    'social_notes', f.social_notes,
	    'needs_support', f.needs_support,
	    'created_at', api.ts(f.created_at),
	    'updated_at', api.ts(f.updated_at))
$$;

-- Placements (s: its seeker) and their follow-ups: admin all; consultant,
-- partner and seeker where the seeker is visible to them (seeker_visible);
-- employer at jobs of its own company.
CREATE FUNCTION api.placement_visible(ctx jsonb, s seekers, p placements)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner', 'seeker')
	        AND api.seeker_visible(ctx, s))
	    OR (ctx->>'role' = 'employer'
	        AND p.employer_id = (ctx->>'employer_id')::uuid)
$$;

-- JB403 unless the caller's role is one of roles (C answers 403 to the
-- others first; this is the second line).
CREATE FUNCTION api.check_role(ctx jsonb, roles text[], action text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(NOT (ctx->>'role' = ANY (roles)), true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not ' || action;
	END IF;
END
$$;

-- The keyset of a row ordered by (due_on ASC, id ASC): ["2026-05-23","…"].
CREATE FUNCTION api.due_key(due_on date, id uuid) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT json_build_array(to_char(due_on, 'YYYY-MM-DD'), id)
$$;

-- Whether a row with this (due_on, id) comes after args.query.cursor.
CREATE FUNCTION api.after_due_cursor(args jsonb, due_on date, id uuid)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT args->'query'->'cursor' IS NULL
	    OR (due_on, id) > ((args->'query'->'cursor'->>0)::date,
	    (args->'query'->'cursor'->>1)::uuid)
$$;

-- Ends the active placement p (the caller has locked its row) on end_date
-- for reason, by actor: pending follow-ups due after end_date become
-- missed; the job's filled - 1 (a filled job is published again); the
-- seeker goes from placed back to active unless another placement of
-- theirs is still active. 409 when p is already ended, 422 end_date
-- out_of_range before the start. Used by placements_end and
-- follow_ups_record. Lock order: placement, job, follow-ups, seeker.
CREATE FUNCTION api.placement_end(p placements, end_date date, reason text,
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

	PERFORM 1 FROM jobs j WHERE j.id = p.job_id FOR UPDATE;
	UPDATE placements t SET status = 'ended', end_date = placement_end.end_date,
	    end_reason = reason, ended_by = actor
	WHERE t.id = p.id
	RETURNING * INTO ended;
	UPDATE follow_ups f SET status = 'missed'
	WHERE f.placement_id = p.id AND f.status = 'pending'
	  AND f.due_on > placement_end.end_date;
	UPDATE jobs j SET filled = j.filled - 1,
	    status = CASE WHEN j.status = 'filled' THEN 'published'
	        ELSE j.status END
	WHERE j.id = p.job_id AND j.filled > 0;
	UPDATE seekers s SET status = 'active'
	WHERE s.id = p.seeker_id AND s.status = 'placed'
	  AND NOT EXISTS (SELECT 1 FROM placements o
	      WHERE o.seeker_id = p.seeker_id AND o.status = 'active');
	RETURN ended;
END
$$;

-- The placement with args.id, locked, if visible to the caller, else 404.
CREATE FUNCTION api.placement_for_update(ctx jsonb, id uuid)
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

-- ---------------------------------------------------------------------------
-- Endpoints: placements
-- ---------------------------------------------------------------------------

-- GET /v1/placements: newest first; filters seeker_id, job_id,
-- employer_id, status.
CREATE FUNCTION api.placements_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT p.created_at, p.id, api.placement_json(p) AS item,
	        row_number() OVER (ORDER BY p.created_at DESC, p.id DESC) AS rn
	    FROM placements p
	    JOIN seekers s ON s.id = p.seeker_id
	    WHERE api.placement_visible(ctx, s, p)
	      AND (q->>'seeker_id' IS NULL
	           OR p.seeker_id = (q->>'seeker_id')::uuid)
	      AND (q->>'job_id' IS NULL OR p.job_id = (q->>'job_id')::uuid)
	      AND (q->>'employer_id' IS NULL
	           OR p.employer_id = (q->>'employer_id')::uuid)
	      AND (q->>'status' IS NULL OR p.status = q->>'status')
	      AND api.after_cursor(args, p.created_at, p.id)
	    ORDER BY p.created_at DESC, p.id DESC
	    LIMIT lim + 1) t);
END
$$;

-- GET /v1/placements/{id}.
CREATE FUNCTION api.placements_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	p	placements;
BEGIN
	SELECT t.* INTO p FROM placements t
	JOIN seekers s ON s.id = t.seeker_id
	WHERE t.id = (args->>'id')::uuid AND api.placement_visible(ctx, s, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('placement');
	END IF;
	RETURN api.one(200, api.placement_json(p), p.version);
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
CREATE FUNCTION api.placements_create(ctx jsonb, args jsonb)
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

	INSERT INTO placements (application_id, seeker_id, job_id, employer_id,
	    start_date, weekly_hours, hourly_wage_dkk, job_type)
	VALUES (a.id, a.seeker_id, j.id, j.employer_id,
	    (b->>'start_date')::date, (b->>'weekly_hours')::numeric,
	    (b->>'hourly_wage_dkk')::numeric, b->>'job_type')
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
CREATE FUNCTION api.placements_end(ctx jsonb, args jsonb)
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

-- ---------------------------------------------------------------------------
-- Endpoints: follow-ups
-- ---------------------------------------------------------------------------

-- GET /v1/follow-ups: soonest due first (due_on, id); filters status
-- (pending = stored pending not yet due, overdue = stored pending past
-- due), consultant_id and municipality_code (of the seeker),
-- placement_id, due_before (due_on < that date).
CREATE FUNCTION api.follow_ups_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	st	text := q->>'status';
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.due_key(due_on, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT f.due_on, f.id, api.follow_up_json(f) AS item,
	        row_number() OVER (ORDER BY f.due_on, f.id) AS rn
	    FROM follow_ups f
	    JOIN placements p ON p.id = f.placement_id
	    JOIN seekers s ON s.id = f.seeker_id
	    WHERE api.placement_visible(ctx, s, p)
	      AND (st IS NULL
	           OR (st IN ('done', 'missed') AND f.status = st)
	           OR (st = 'pending' AND f.status = 'pending'
	               AND f.due_on >= current_date)
	           OR (st = 'overdue' AND f.status = 'pending'
	               AND f.due_on < current_date))
	      AND (q->>'consultant_id' IS NULL
	           OR s.consultant_id = (q->>'consultant_id')::uuid)
	      AND (q->>'municipality_code' IS NULL
	           OR s.municipality_code = q->>'municipality_code')
	      AND (q->>'placement_id' IS NULL
	           OR f.placement_id = (q->>'placement_id')::uuid)
	      AND (q->>'due_before' IS NULL
	           OR f.due_on < (q->>'due_before')::date)
	      AND api.after_due_cursor(args, f.due_on, f.id)
	    ORDER BY f.due_on, f.id
	    LIMIT lim + 1) t);
END
$$;

-- GET /v1/follow-ups/{id}.
CREATE FUNCTION api.follow_ups_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	f	follow_ups;
BEGIN
	SELECT t.* INTO f FROM follow_ups t
	JOIN placements p ON p.id = t.placement_id
	JOIN seekers s ON s.id = t.seeker_id
	WHERE t.id = (args->>'id')::uuid AND api.placement_visible(ctx, s, p);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('follow-up');
	END IF;
	RETURN api.one(200, api.follow_up_json(f), f.version);
END
$$;

-- POST /v1/follow-ups/{id}/record: 404 not visible; 403 unless admin or
-- consultant; 412 If-Match; 409 unless stored pending (overdue ones may be
-- recorded). → done, completed_at now. still_employed = false ends an
-- active placement today (reason 'other') through api.placement_end.
-- Locks the placement before the follow-up (the order placements_end
-- uses), so the two never deadlock.
CREATE FUNCTION api.follow_ups_record(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	pid	uuid;
	p	placements;
	f	follow_ups;
BEGIN
	SELECT t.placement_id INTO pid FROM follow_ups t
	JOIN placements pp ON pp.id = t.placement_id
	JOIN seekers s ON s.id = t.seeker_id
	WHERE t.id = (args->>'id')::uuid AND api.placement_visible(ctx, s, pp);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('follow-up');
	END IF;
	PERFORM api.check_role(ctx, '{admin,consultant}', 'record follow-ups');
	SELECT * INTO p FROM placements t WHERE t.id = pid FOR UPDATE;
	SELECT * INTO f FROM follow_ups t WHERE t.id = (args->>'id')::uuid
	FOR UPDATE;
	PERFORM api.check_if_match(args, f.version);
	IF f.status <> 'pending' THEN
		PERFORM api.raise_conflict('follow-up is ' || f.status
		    || '; only a pending or overdue follow-up can be recorded');
	END IF;

	UPDATE follow_ups t SET status = 'done', completed_at = now(),
	    still_employed = (b->>'still_employed')::bool,
	    weekly_hours = (b->>'weekly_hours')::numeric,
	    seeker_satisfaction = (b->>'seeker_satisfaction')::int,
	    employer_satisfaction = (b->>'employer_satisfaction')::int,
	    wellbeing_notes = b->>'wellbeing_notes',
	    social_notes = b->>'social_notes',
	    needs_support = (b->>'needs_support')::bool
	WHERE t.id = f.id
	RETURNING * INTO f;

	IF NOT f.still_employed AND p.status = 'active' THEN
		PERFORM api.placement_end(p, greatest(current_date, p.start_date),
		    'other', (ctx->>'sub')::uuid);
	END IF;
	RETURN api.one(200, api.follow_up_json(f), f.version);
END
$$;
