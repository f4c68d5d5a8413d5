-- caseloads.sql — GET /v1/caseloads: each consultant's seekers counted
-- by stage, overdue follow-ups, upcoming interviews and overdue paperwork.

-- Consultants (users u with role consultant) whose caseload a caller may
-- see: admin all; a consultant themselves and those sharing one of their
-- municipalities; a partner those with one of the partner's.
CREATE OR REPLACE FUNCTION api.consultant_visible(ctx jsonb, u users) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' = 'consultant'
	        AND (u.id = (ctx->>'sub')::uuid
	             OR u.municipality_codes && api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'partner'
	        AND u.municipality_codes && api.ctx_codes(ctx))
$$;

-- GET /v1/caseloads: one item per consultant (a user with role
-- consultant, active or not) the caller may see (api.consultant_visible),
-- newest first; filters consultant_id, municipality_code (one of the
-- consultant's). An item counts the consultant's seekers that the caller
-- may see, by stage (every stage present), and the overdue follow-ups,
-- upcoming scheduled interviews and overdue paperwork steps (open, past
-- due_on) of those seekers. The page is chosen
-- first; only its consultants' seekers are read.
CREATE OR REPLACE FUNCTION api.caseloads_list(ctx jsonb, args jsonb)
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
	), paperwork AS (
		-- open paperwork steps past due (placement_paperwork, 0025)
		SELECT c.consultant_id, count(*) AS n
		FROM caseload c
		JOIN placement_paperwork w ON w.seeker_id = c.id
		WHERE api.paperwork_overdue(w.status, w.due_on)
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
	        'interviews_upcoming', coalesce(i.n, 0),
	        'paperwork_overdue', coalesce(w.n, 0))
	        ORDER BY p.rn) FILTER (WHERE p.rn <= lim),
	    CASE WHEN count(*) > lim
	        THEN min(api.created_key(p.created_at, p.id)::text)
	        FILTER (WHERE p.rn = lim) END)
	FROM page p
	LEFT JOIN stages c ON c.consultant_id = p.id
	LEFT JOIN overdue o ON o.consultant_id = p.id
	LEFT JOIN upcoming i ON i.consultant_id = p.id
	LEFT JOIN paperwork w ON w.consultant_id = p.id);
END
$$;
