-- follow_ups.sql — /v1/follow-ups: each placement is followed at 1, 3, 6,
-- 12 and 24 months; recording one may end the placement.

-- The status a client sees: a pending follow-up past its due date is
-- "overdue".
CREATE OR REPLACE FUNCTION api.follow_up_status(status text, due_on date) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN status = 'pending' AND due_on < current_date
	    THEN 'overdue' ELSE status END
$$;

-- A follow-up with every field (all keys always present); callers get it
-- through api.redact(ctx, 'follow_up', ...), the export as it is.
-- paperwork_overdue: the open paperwork steps of its placement past due,
-- given by the caller (api.follow_up_paperwork_overdue), so that this
-- stays one expression PostgreSQL inlines into a list's plan.
CREATE OR REPLACE FUNCTION api.follow_up_json(f follow_ups,
    paperwork_overdue bigint) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', f.id, 'placement_id', f.placement_id,
	    'seeker_id', f.seeker_id, 'due_on', f.due_on, 'month', f.month,
	    'status', api.follow_up_status(f.status, f.due_on),
	    'completed_at', api.ts(f.completed_at),
	    'still_employed', f.still_employed,
	    'weekly_hours', f.weekly_hours,
	    'seeker_satisfaction', f.seeker_satisfaction,
	    'employer_satisfaction', f.employer_satisfaction,
	    'wellbeing_score', f.wellbeing_score,
	    'social_score', f.social_score,
	    'wellbeing_notes', f.wellbeing_notes,
	    'social_notes', f.social_notes,
	    'needs_support', f.needs_support,
	    'paperwork_overdue', paperwork_overdue,
	    'created_at', api.ts(f.created_at),
	    'updated_at', api.ts(f.updated_at))
$$;

-- The open paperwork steps of placement pid past due (one lookup by the
-- primary key's placement_id). A list writes the same subquery inline.
CREATE OR REPLACE FUNCTION api.follow_up_paperwork_overdue(pid uuid)
RETURNS bigint
LANGUAGE sql STABLE AS $$
	SELECT count(*) FROM placement_paperwork w
	WHERE w.placement_id = pid AND api.paperwork_overdue(w.status, w.due_on)
$$;

-- One follow-up with its placement's overdue paperwork (get, record, the
-- export).
CREATE OR REPLACE FUNCTION api.follow_up_json(f follow_ups) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT api.follow_up_json(f,
	    api.follow_up_paperwork_overdue(f.placement_id))
$$;

-- GET /v1/follow-ups: soonest due first (due_on, id); filters status
-- (pending = stored pending not yet due, overdue = stored pending past
-- due), consultant_id and municipality_code (of the seeker),
-- placement_id, due_before (due_on < that date). Each follow-up on the
-- page is audited (follow_up.listed).
CREATE OR REPLACE FUNCTION api.follow_ups_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	st	text := q->>'status';
	page	json;
	last_key text;
	ids	uuid[];
	sids	uuid[];
BEGIN
	SELECT json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.since_key(args,
	        updated_at, id, api.due_key(due_on, id))::text)
	        FILTER (WHERE rn = lim) END,
	    array_agg(id) FILTER (WHERE rn <= lim),
	    array_agg(seeker_id) FILTER (WHERE rn <= lim)
	INTO page, last_key, ids, sids
	FROM (SELECT f.due_on, f.id, f.updated_at, f.seeker_id,
	        api.redact(ctx, 'follow_up', api.follow_up_json(f,
	            (SELECT count(*) FROM placement_paperwork w
	            WHERE w.placement_id = f.placement_id
	              AND api.paperwork_overdue(w.status, w.due_on)))) AS item,
	        row_number() OVER (ORDER BY api.since_ts(args, f.updated_at),
	            api.since_id(args, f.id), f.due_on, f.id) AS rn
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
	      AND api.since_after(args, f.updated_at, f.id,
	          api.after_due_cursor(args, f.due_on, f.id))
	    ORDER BY api.since_ts(args, f.updated_at),
	        api.since_id(args, f.id), f.due_on, f.id
	    LIMIT lim + 1) t;
	PERFORM api.audit_many(ctx, 'follow_up.listed', 'follow_up',
	    ids::text[], sids);
	RETURN api.list_result(page, last_key);
END
$$;

-- GET /v1/follow-ups/{id} (audited: follow_up.read).
CREATE OR REPLACE FUNCTION api.follow_ups_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
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
	PERFORM api.audit(ctx, 'follow_up.read', 'follow_up', f.id::text,
	    f.seeker_id);
	RETURN api.one(200, api.redact(ctx, 'follow_up', api.follow_up_json(f)),
	    f.version);
END
$$;

-- POST /v1/follow-ups/{id}/record: 404 not visible; 403 unless admin or
-- consultant; 412 If-Match; 409 unless stored pending (overdue ones may be
-- recorded). → done, completed_at now. still_employed = false ends an
-- active placement today (reason 'other') through api.placement_end;
-- 409 when the placement has not started yet (it cannot end before its
-- start, nor in the future).
-- Locks the placement before the follow-up (the order placements_end
-- uses), so the two never deadlock.
CREATE OR REPLACE FUNCTION api.follow_ups_record(ctx jsonb, args jsonb)
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
	    wellbeing_score = (b->>'wellbeing_score')::int,
	    social_score = (b->>'social_score')::int,
	    wellbeing_notes = b->>'wellbeing_notes',
	    social_notes = b->>'social_notes',
	    needs_support = (b->>'needs_support')::bool
	WHERE t.id = f.id
	RETURNING * INTO f;

	IF NOT f.still_employed AND p.status = 'active' THEN
		IF p.start_date > current_date THEN
			PERFORM api.raise_conflict('the placement starts on '
			    || p.start_date || '; it cannot end before it started');
		END IF;
		PERFORM api.placement_end(p, current_date, 'other',
		    (ctx->>'sub')::uuid);
	END IF;
	RETURN api.one(200, api.redact(ctx, 'follow_up', api.follow_up_json(f)),
	    f.version);
END
$$;
