-- seekers.sql — /v1/seekers: the people looking for an adapted job, who
-- may see and change whom (scope), their JSON (with the stage: where each
-- stands in the pipeline), create, change and list.

-- Whether seeker s is in the caller's scope: admin all; consultant their
-- caseload and municipalities; partner their municipalities; seeker
-- themselves. Statistics use the scope alone, so that a seeker hidden
-- later (erased) still counts.
CREATE OR REPLACE FUNCTION api.seeker_in_scope(ctx jsonb, s seekers) RETURNS bool
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

-- Seekers a caller may see: those in scope (api.seeker_in_scope), never
-- an erased one but for admins. Statistics (api.stats_scope) still count
-- erased seekers.
CREATE OR REPLACE FUNCTION api.seeker_visible(ctx jsonb, s seekers)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT api.seeker_in_scope(ctx, s)
	    AND (s.erased_at IS NULL OR ctx->>'role' = 'admin')
$$;

-- Seekers a caller may change: admin, consultant and seeker where visible
-- (partners read only); an erased seeker is written by nobody.
CREATE OR REPLACE FUNCTION api.seeker_writable(ctx jsonb, s seekers)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' IN ('admin', 'consultant', 'seeker')
	    AND s.erased_at IS NULL AND api.seeker_visible(ctx, s)
$$;

-- The place of an application status in the chain submitted (1) <
-- in_review < interview < offered < hired (5); NULL for rejected and
-- withdrawn.
CREATE OR REPLACE FUNCTION api.application_rank(status text) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
	SELECT array_position('{submitted,in_review,interview,offered,hired}'
	    ::text[], status)
$$;

-- The stage of a seeker with this status whose most advanced open
-- application has this rank (NULL: none open): placed, paused or
-- inactive as the status says; an active seeker by that application
-- (offered > interview > in_review > submitted), else searching.
CREATE OR REPLACE FUNCTION api.stage(status text, open_rank int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN status <> 'active' THEN status
	    ELSE coalesce(('{submitted,in_review,interview,offered}'::text[])
	        [open_rank], 'searching') END
$$;

-- Where a seeker stands (api.stage). Queries over many seekers write the
-- same expression inline: a call of this function per row costs several
-- times the index lookup inside it.
CREATE OR REPLACE FUNCTION api.seeker_stage(s seekers) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT api.stage(s.status, (SELECT max(api.application_rank(a.status))
	    FROM applications a
	    WHERE a.seeker_id = s.id
	      AND a.status IN ('submitted', 'in_review', 'interview', 'offered')))
$$;

-- A seeker as the API returns it (every key always present).
CREATE OR REPLACE FUNCTION api.seeker_json(s seekers) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', s.id, 'first_name', s.first_name,
	    'last_name', s.last_name, 'birth_date', s.birth_date,
	    'email', s.email, 'phone', s.phone,
	    'municipality_code', s.municipality_code,
	    'consultant_id', s.consultant_id,
	    'external_reference', s.external_reference,
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

-- The rules on a seeker row about to be written that constraints cannot
-- express (s: the new row, o: the row before a PATCH or NULL on create,
-- b: the body). Age and consultant are checked when new or changed, so an
-- unrelated PATCH still works on a row that no longer passes them.
CREATE OR REPLACE FUNCTION api.check_seeker(s seekers, o seekers, b jsonb)
RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	years	int := extract(year FROM age(current_date, s.birth_date));
BEGIN
	IF o.id IS NULL OR s.birth_date IS DISTINCT FROM o.birth_date THEN
		IF years IS NULL OR years < 15 OR years > 100 THEN
			PERFORM api.raise_field('birth_date', 'out_of_range',
			    'a seeker must be between 15 and 100 years old');
		END IF;
	END IF;
	IF s.consultant_id IS NOT NULL
	    AND s.consultant_id IS DISTINCT FROM o.consultant_id
	    AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.consultant_id
	        AND u.role = 'consultant' AND u.active) THEN
		PERFORM api.raise_field('consultant_id', 'not_found',
		    'no active consultant with this id');
	END IF;
	IF b->>'status' = 'placed' THEN
		PERFORM api.raise_field('status', 'invalid_value',
		    'status placed is set by a placement; '
		    || 'use active, paused or inactive');
	END IF;
	IF s.consents_processing IS NOT TRUE THEN
		PERFORM api.raise_field('consents.processing', 'invalid_value',
		    'consent to processing is required');
	END IF;
END
$$;

-- Copies the fields given in body b onto s (absent: unchanged; null: set to
-- null). Nested objects are sent whole: a missing key inside preferences
-- is null or [], inside support_person null.
CREATE OR REPLACE FUNCTION api.seeker_apply(s seekers, b jsonb) RETURNS seekers
LANGUAGE plpgsql STABLE AS $$
DECLARE
	p	jsonb;
BEGIN
	IF b ? 'first_name' THEN s.first_name := b->>'first_name'; END IF;
	IF b ? 'last_name' THEN s.last_name := b->>'last_name'; END IF;
	IF b ? 'birth_date' THEN s.birth_date := (b->>'birth_date')::date; END IF;
	IF b ? 'email' THEN s.email := b->>'email'; END IF;
	IF b ? 'phone' THEN s.phone := b->>'phone'; END IF;
	IF b ? 'municipality_code' THEN
		s.municipality_code := b->>'municipality_code';
	END IF;
	IF b ? 'consultant_id' THEN
		s.consultant_id := (b->>'consultant_id')::uuid;
	END IF;
	IF b ? 'support_person' THEN
		p := b->'support_person';
		s.support_person := CASE WHEN jsonb_typeof(p) = 'object'
		    THEN jsonb_build_object('name', p->>'name',
		        'relation', p->>'relation', 'phone', p->>'phone') END;
	END IF;
	IF b ? 'benefit_type' THEN s.benefit_type := b->>'benefit_type'; END IF;
	IF b ? 'external_reference' THEN
		s.external_reference := b->>'external_reference';
	END IF;
	IF b ? 'monthly_benefit_dkk' THEN
		s.monthly_benefit_dkk := (b->>'monthly_benefit_dkk')::numeric;
	END IF;
	IF b ? 'preferences' THEN
		p := coalesce(b->'preferences', '{}');
		s.max_weekly_hours := (p->>'max_weekly_hours')::numeric;
		s.job_types := coalesce(api.text_array(p->'job_types'), '{}');
		s.interests := coalesce(api.text_array(p->'interests'), '{}');
		s.travel_radius_km := (p->>'travel_radius_km')::numeric;
	END IF;
	IF b ? 'location' THEN
		s.lat := (b->'location'->>'lat')::float8;
		s.lon := (b->'location'->>'lon')::float8;
	END IF;
	IF b ? 'support_needs' THEN
		s.support_needs := coalesce(api.text_array(b->'support_needs'),
		    '{}');
	END IF;
	IF b ? 'needs_single_supervisor' THEN
		s.needs_single_supervisor := (b->>'needs_single_supervisor')::bool;
	END IF;
	IF b ? 'easy_read' THEN s.easy_read := (b->>'easy_read')::bool; END IF;
	IF b ? 'consents' THEN
		s.consents_processing := (b->'consents'->>'processing')::bool;
		s.consents_share_with_employers :=
		    (b->'consents'->>'share_with_employers')::bool;
	END IF;
	IF b ? 'status' THEN s.status := b->>'status'; END IF;
	RETURN s;
END
$$;

-- 409 when another seeker of s's municipality has s's external_reference
-- (the partial unique index seekers_external_reference_key, checked first
-- so that the answer can name it): the problem's extension member
-- existing_id is that seeker's id when the caller may see them (a JSON
-- object in DETAIL: src/query.c), else it is left out.
CREATE OR REPLACE FUNCTION api.check_seeker_reference(ctx jsonb, s seekers)
RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	o	seekers;
BEGIN
	IF s.external_reference IS NULL THEN
		RETURN;
	END IF;
	SELECT * INTO o FROM seekers t
	WHERE t.external_reference = s.external_reference
	  AND t.municipality_code = s.municipality_code
	  AND t.id IS DISTINCT FROM s.id;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	RAISE EXCEPTION USING ERRCODE = 'JB409',
	    MESSAGE = 'a seeker with this external_reference already exists '
		|| 'in this municipality',
	    DETAIL = CASE WHEN api.seeker_visible(ctx, o)
		THEN json_build_object('existing_id', o.id)::text ELSE '' END;
END
$$;

-- GET /v1/seekers: newest first; filters municipality_code, consultant_id,
-- external_reference (exact), status, stage, q (first or last name
-- contains, case-insensitive); updated_since and the cursor. Every
-- seeker on the page is audited (seeker.listed). Planned per filter shape
-- (api.define_shaped_list, helpers.sql), as api.jobs_list.

-- The filters of a GET /v1/seekers call that shape its statement.
CREATE OR REPLACE FUNCTION api.seekers_list_shape(q jsonb) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT concat_ws(',',
	    CASE WHEN q->>'consultant_id' IS NOT NULL THEN 'consultant_id' END,
	    CASE WHEN q->'cursor' IS NOT NULL THEN 'cursor' END,
	    CASE WHEN q->>'external_reference' IS NOT NULL
	        THEN 'external_reference' END,
	    CASE WHEN q->>'municipality_code' IS NOT NULL
	        THEN 'municipality_code' END,
	    CASE WHEN q->>'q' IS NOT NULL THEN 'q' END,
	    CASE WHEN q->>'stage' IS NOT NULL THEN 'stage' END,
	    CASE WHEN q->>'status' IS NOT NULL THEN 'status' END,
	    CASE WHEN q ? 'updated_since' THEN 'updated_since' END)
$$;

-- The shapes with a kept plan: a consultant's lists (by municipality,
-- caseload, status, stage, name), each also with a cursor.
CREATE OR REPLACE FUNCTION api.seekers_list_shapes() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT api.shapes_and_cursor(ARRAY['', 'municipality_code',
	    'municipality_code,status', 'municipality_code,stage', 'status',
	    'stage', 'consultant_id', 'consultant_id,status', 'q'])
$$;

-- The statement: the page (limit + 1 rows in list order) into page,
-- last_key and ids; the keyset as api.since_after/api.after_cursor,
-- written out so that the cursor's test is an index condition. Each
-- seeker as api.redact makes it, with the hidden fields found once per
-- call (hidden): in a generic plan api.hidden_fields(ctx, …) would run
-- for every row.
CREATE OR REPLACE FUNCTION api.seekers_list_sql() RETURNS text
LANGUAGE sql IMMUTABLE AS $f$
	SELECT $q$	SELECT json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.since_key(args,
	        updated_at, id, api.created_key(created_at, id))::text)
	        FILTER (WHERE rn = lim) END,
	    array_agg(id) FILTER (WHERE rn <= lim)
	INTO page, last_key, ids
	FROM (SELECT s.created_at, s.id, s.updated_at,
	        api.json_null_keys(api.seeker_json(s), hidden) AS item,
	        row_number() OVER (ORDER BY
	            CASE WHEN {updated_since} THEN s.updated_at END,
	            CASE WHEN {updated_since} THEN s.id END,
	            s.created_at DESC, s.id DESC) AS rn
	    FROM seekers s
	    WHERE api.seeker_visible(ctx, s)
	      AND (NOT {municipality_code}
	           OR s.municipality_code = q->>'municipality_code')
	      AND (NOT {consultant_id}
	           OR s.consultant_id = (q->>'consultant_id')::uuid)
	      AND (NOT {external_reference}
	           OR s.external_reference = q->>'external_reference')
	      AND (NOT {status} OR s.status = q->>'status')
	      -- stage: the status it implies first (an index condition,
	      -- and cheap), then the stage (api.seeker_stage, inline)
	      AND (NOT {stage}
	           OR (s.status = CASE WHEN q->>'stage' IN ('placed', 'paused',
	                   'inactive') THEN q->>'stage' ELSE 'active' END
	               AND api.stage(s.status, (
	                   SELECT max(api.application_rank(a.status))
	                   FROM applications a
	                   WHERE a.seeker_id = s.id
	                     AND a.status IN ('submitted', 'in_review',
	                         'interview', 'offered'))) = q->>'stage'))
	      AND (NOT {q}
	           OR strpos(lower(s.first_name), needle) > 0
	           OR strpos(lower(s.last_name), needle) > 0)
	      AND (NOT {cursor} OR {updated_since} OR (s.created_at, s.id)
	           < ((q->'cursor'->>0)::timestamptz, (q->'cursor'->>1)::uuid))
	      AND (NOT {updated_since} OR (s.updated_at
	           >= (q->>'updated_since')::timestamptz
	           AND (NOT {cursor} OR (s.updated_at, s.id)
	               > ((q->'cursor'->>0)::timestamptz,
	               (q->'cursor'->>1)::uuid))))
	    ORDER BY CASE WHEN {updated_since} THEN s.updated_at END,
	        CASE WHEN {updated_since} THEN s.id END,
	        s.created_at DESC, s.id DESC
	    LIMIT lim + 1) t;$q$
$f$;

-- api.seekers_list(ctx, args) and api.seekers_list_any.
SELECT api.define_shaped_list('seekers_list', 'VOLATILE', $d$
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	needle	text := lower(q->>'q');
	hidden	text[] := api.hidden_fields(ctx, 'seeker');
	page	json;
	last_key text;
	ids	uuid[];$d$, api.seekers_list_sql(), $e$
	PERFORM api.audit_many(ctx, 'seeker.listed', 'seeker', ids::text[], ids);
	RETURN api.list_result(page, last_key);$e$,
    '{consultant_id,cursor,external_reference,municipality_code,q,stage,status,updated_since}',
    api.seekers_list_shapes(), 'api.seekers_list_shape');

-- GET /v1/seekers/{id} (audited: seeker.read).
CREATE OR REPLACE FUNCTION api.seekers_get(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	s	seekers;
BEGIN
	SELECT * INTO s FROM seekers t
	WHERE t.id = (args->>'id')::uuid AND api.seeker_visible(ctx, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('seeker');
	END IF;
	PERFORM api.audit(ctx, 'seeker.read', 'seeker', s.id::text, s.id);
	RETURN api.one(200, api.redact(ctx, 'seeker', api.seeker_json(s)), s.version);
END
$$;

-- POST /v1/seekers: admin anywhere; consultant and partner in their
-- municipalities. A consultant's new seeker is on their caseload unless
-- consultant_id says otherwise; a partner may not assign a consultant.
CREATE OR REPLACE FUNCTION api.seekers_create(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	s	seekers;
	none	seekers;
BEGIN
	IF coalesce(ctx->>'role' NOT IN ('admin', 'consultant', 'partner'),
	    true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not create seekers';
	END IF;
	PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');
	IF ctx->>'role' = 'partner' AND b->'consultant_id' IS NOT NULL
	    AND b->'consultant_id' <> 'null' THEN
		PERFORM api.raise_field('consultant_id', 'read_only',
		    'a partner may not assign a consultant');
	END IF;
	IF jsonb_typeof(b->'consents') IS DISTINCT FROM 'object' THEN
		PERFORM api.raise_field('consents', 'required',
		    'consents are required');
	END IF;

	-- The column defaults, then the body.
	s.benefit_type := 'none';
	s.job_types := '{}';
	s.interests := '{}';
	s.support_needs := '{}';
	s.needs_single_supervisor := false;
	s.easy_read := false;
	s.consents_share_with_employers := false;
	s.status := 'active';
	IF ctx->>'role' = 'consultant' THEN
		s.consultant_id := (ctx->>'sub')::uuid;
	END IF;
	s := api.seeker_apply(s, b);
	PERFORM api.check_seeker(s, none, b);
	PERFORM api.check_seeker_reference(ctx, s);

	INSERT INTO seekers (first_name, last_name, birth_date, email, phone,
	    municipality_code, consultant_id, support_person, benefit_type,
	    monthly_benefit_dkk, max_weekly_hours, job_types, interests,
	    travel_radius_km, lat, lon, support_needs, needs_single_supervisor,
	    easy_read, consents_processing, consents_share_with_employers,
	    status, external_reference)
	VALUES (s.first_name, s.last_name, s.birth_date, s.email, s.phone,
	    s.municipality_code, s.consultant_id, s.support_person,
	    s.benefit_type, s.monthly_benefit_dkk, s.max_weekly_hours,
	    s.job_types, s.interests, s.travel_radius_km, s.lat, s.lon,
	    s.support_needs, s.needs_single_supervisor, s.easy_read,
	    s.consents_processing, s.consents_share_with_employers, s.status,
	    s.external_reference)
	RETURNING * INTO s;
	RETURN api.one(201, api.redact(ctx, 'seeker', api.seeker_json(s)), s.version);
END
$$;

-- PATCH /v1/seekers/{id}: merge patch (admin, consultant where visible,
-- seeker themselves; a seeker may not write consultant_id, benefit_type,
-- monthly_benefit_dkk, status or municipality_code).
CREATE OR REPLACE FUNCTION api.seekers_update(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	o	seekers;
	s	seekers;
	f	text;
BEGIN
	SELECT * INTO o FROM seekers t
	WHERE t.id = (args->>'id')::uuid AND api.seeker_writable(ctx, t)
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('seeker');
	END IF;
	PERFORM api.check_if_match(args, o.version);

	IF ctx->>'role' = 'seeker' THEN
		FOREACH f IN ARRAY ARRAY['consultant_id', 'benefit_type',
		    'monthly_benefit_dkk', 'status', 'municipality_code',
		    'external_reference'] LOOP
			IF b ? f THEN
				PERFORM api.raise_field(f, 'read_only',
				    'you may not change ' || f || ' yourself');
			END IF;
		END LOOP;
	END IF;
	IF b ? 'municipality_code'
	    AND b->>'municipality_code' IS DISTINCT FROM o.municipality_code THEN
		PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');
	END IF;

	s := api.seeker_apply(o, b);
	PERFORM api.check_seeker(s, o, b);
	PERFORM api.check_seeker_reference(ctx, s);

	UPDATE seekers SET first_name = s.first_name, last_name = s.last_name,
	    birth_date = s.birth_date, email = s.email, phone = s.phone,
	    municipality_code = s.municipality_code,
	    consultant_id = s.consultant_id, support_person = s.support_person,
	    benefit_type = s.benefit_type,
	    monthly_benefit_dkk = s.monthly_benefit_dkk,
	    max_weekly_hours = s.max_weekly_hours, job_types = s.job_types,
	    interests = s.interests, travel_radius_km = s.travel_radius_km,
	    lat = s.lat, lon = s.lon, support_needs = s.support_needs,
	    needs_single_supervisor = s.needs_single_supervisor,
	    easy_read = s.easy_read,
	    consents_processing = s.consents_processing,
	    consents_share_with_employers = s.consents_share_with_employers,
	    status = s.status, external_reference = s.external_reference
	WHERE id = o.id
	RETURNING * INTO s;
	RETURN api.one(200, api.redact(ctx, 'seeker', api.seeker_json(s)), s.version);
END
$$;
