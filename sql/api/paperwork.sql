-- paperwork.sql — /v1/placements/{id}/paperwork: the checklist of a
-- placement (migration 0025: the steps of its job type, made with it) and
-- marking one step open, done or not_needed. The checklist is one
-- resource: its ETag is its version, the sum of its steps' versions (each
-- change of a step adds one), so an If-Match on a step guards the whole
-- list the client saw.

-- Is a step overdue: open and its due date passed. The one definition:
-- checklists, follow-ups and caseloads count with it (inlined, so the
-- partial index on open steps still serves them).
CREATE OR REPLACE FUNCTION api.paperwork_overdue(status text, due_on date)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT status = 'open' AND due_on < current_date
$$;

-- A step with every field (all keys always present); callers get it
-- through api.redact(ctx, 'paperwork', ...): note is a case note.
CREATE OR REPLACE FUNCTION api.paperwork_step_json(w placement_paperwork,
    title text) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('step', w.step, 'title', title,
	    'position', w.position, 'status', w.status, 'due_on', w.due_on,
	    'done_on', w.done_on, 'done_by', w.done_by, 'note', w.note,
	    'overdue', api.paperwork_overdue(w.status, w.due_on),
	    'updated_at', api.ts(w.updated_at))
$$;

-- The checklist of placement p as the caller may read it (body) and its
-- version (the sum of its steps' versions; 0 for a placement without
-- steps: one that ended before migration 0025).
CREATE OR REPLACE FUNCTION api.paperwork_checklist(ctx jsonb, p placements,
    OUT body json, OUT version int)
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('placement_id', p.id, 'job_type', p.job_type,
	    'placement_status', p.status,
	    'summary', json_build_object('total', count(*),
	        'open', count(*) FILTER (WHERE w.status = 'open'),
	        'done', count(*) FILTER (WHERE w.status = 'done'),
	        'not_needed', count(*) FILTER (WHERE w.status = 'not_needed'),
	        'overdue', count(*) FILTER (WHERE api.paperwork_overdue(w.status,
	            w.due_on)),
	        'done_late', count(*) FILTER (WHERE w.done_on > w.due_on)),
	    'steps', coalesce(json_agg(api.redact(ctx, 'paperwork',
	        api.paperwork_step_json(w, coalesce(s.title, w.step)))
	        ORDER BY w.position, w.step), '[]')),
	    coalesce(sum(w.version), 0)::int
	FROM placement_paperwork w
	LEFT JOIN paperwork_steps s ON s.job_type = p.job_type
	    AND s.step = w.step
	WHERE w.placement_id = p.id
$$;

-- GET /v1/placements/{id}/paperwork: 404 unless the placement is visible
-- (api.placement_visible: admin; consultant, partner, seeker by the
-- seeker; the employer of the placement). Audited: paperwork.read (the
-- placement's id).
CREATE OR REPLACE FUNCTION api.placements_paperwork(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	p	placements;
	c	record;
BEGIN
	SELECT t.* INTO p FROM placements t
	JOIN seekers s ON s.id = t.seeker_id
	WHERE t.id = (args->>'id')::uuid AND api.placement_visible(ctx, s, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('placement');
	END IF;
	SELECT * INTO c FROM api.paperwork_checklist(ctx, p);
	PERFORM api.audit(ctx, 'paperwork.read', 'placement', p.id::text,
	    p.seeker_id);
	RETURN api.one(200, c.body, c.version);
END
$$;

-- PATCH /v1/placements/{id}/paperwork/{step} {"status","done_on","note"}:
-- 404 placement not visible, or no step args.sub on its checklist (the
-- message names the steps it has); 403 unless admin, consultant or
-- employer; 412 If-Match (the checklist's ETag). status absent keeps the
-- step's; done: done_on as sent, else the step's if it was done, else
-- today; open and not_needed clear done_on (done_on sent with them: 422
-- invalid_value). 422 done_on out_of_range: in the future, or before the
-- day the placement's application was made (the trigger of 0025 checks
-- that too). note absent keeps it, null clears it. done_by: the caller
-- when the status or done_on changes (open: null). An ended placement's
-- steps may still be marked: paperwork often trails the job. Answers the
-- whole checklist, with its new ETag. Locks the placement first (as
-- placements_end does), so changes to one checklist queue.
CREATE OR REPLACE FUNCTION api.placements_paperwork_update(ctx jsonb,
    args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	p	placements := api.placement_for_update(ctx, (args->>'id')::uuid);
	w	placement_paperwork;
	st	text;
	done	date;
	applied	date;
	v	int;
	c	record;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,employer}',
	    'change paperwork');
	SELECT * INTO w FROM placement_paperwork t
	WHERE t.placement_id = p.id AND t.step = args->>'sub';
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'JB404',
		    MESSAGE = 'paperwork step ' || (args->>'sub')
		    || ' not found; this placement''s steps are: '
		    || coalesce((SELECT string_agg(t.step, ', '
		        ORDER BY t.position) FROM placement_paperwork t
		        WHERE t.placement_id = p.id), 'none');
	END IF;
	SELECT sum(t.version)::int INTO v FROM placement_paperwork t
	WHERE t.placement_id = p.id;
	PERFORM api.check_if_match(args, v);

	st := coalesce(b->>'status', w.status);
	IF st <> 'done' AND b ? 'done_on' THEN
		PERFORM api.raise_field('done_on', 'invalid_value',
		    'done_on is only for a step that is done (status ' || st
		    || ')');
	END IF;
	IF st = 'done' THEN
		done := coalesce((b->>'done_on')::date, w.done_on, current_date);
		IF done > current_date THEN
			PERFORM api.raise_field('done_on', 'out_of_range',
			    'done_on must not be in the future (today is '
			    || current_date || ')');
		END IF;
		SELECT a.created_at::date INTO applied FROM applications a
		WHERE a.id = p.application_id;
		IF done < applied THEN
			PERFORM api.raise_field('done_on', 'out_of_range',
			    'done_on must not be before the application ('
			    || applied || ')');
		END IF;
	END IF;

	UPDATE placement_paperwork t SET status = st, done_on = done,
	    done_by = CASE WHEN st = 'open' THEN NULL
	        WHEN st IS DISTINCT FROM w.status
	            OR done IS DISTINCT FROM w.done_on
	        THEN (ctx->>'sub')::uuid ELSE w.done_by END,
	    note = CASE WHEN b ? 'note' THEN b->>'note' ELSE t.note END
	WHERE t.placement_id = p.id AND t.step = w.step;

	SELECT * INTO c FROM api.paperwork_checklist(ctx, p);
	RETURN api.one(200, c.body, c.version);
END
$$;
