-- employers.sql — /v1/employers: the companies that offer adapted jobs.

-- An employer as the API returns it.
CREATE OR REPLACE FUNCTION api.employer_json(e employers) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', e.id, 'name', e.name, 'cvr', e.cvr,
	    'street', e.street, 'postal_code', e.postal_code, 'city', e.city,
	    'municipality_code', e.municipality_code,
	    'contact_name', e.contact_name, 'contact_email', e.contact_email,
	    'contact_phone', e.contact_phone,
	    'agreement_signed_on', e.agreement_signed_on, 'notes', e.notes,
	    'created_at', api.ts(e.created_at),
	    'updated_at', api.ts(e.updated_at))
$$;

-- Employers: admin all; consultant/partner in their municipalities;
-- employer its own company.
CREATE OR REPLACE FUNCTION api.employer_visible(ctx jsonb, e employers) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner')
	        AND e.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'employer'
	        AND e.id = (ctx->>'employer_id')::uuid)
$$;

-- Employers a caller may change: admin, consultant in scope, employer own.
CREATE OR REPLACE FUNCTION api.employer_writable(ctx jsonb, e employers) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' IN ('admin', 'consultant', 'employer')
	    AND api.employer_visible(ctx, e)
$$;

-- GET /v1/employers: newest first; filters municipality_code, cvr, q (name
-- contains, case-insensitive).
CREATE OR REPLACE FUNCTION api.employers_list(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.since_key(args,
	        updated_at, id, api.created_key(created_at, id))::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT e.created_at, e.id, e.updated_at, api.employer_json(e) AS item,
	        row_number() OVER (ORDER BY api.since_ts(args, e.updated_at),
	            api.since_id(args, e.id), e.created_at DESC, e.id DESC) AS rn
	    FROM employers e
	    WHERE api.employer_visible(ctx, e)
	      AND (q->>'municipality_code' IS NULL
	           OR e.municipality_code = q->>'municipality_code')
	      AND (q->>'cvr' IS NULL OR e.cvr = q->>'cvr')
	      AND (q->>'q' IS NULL
	           OR strpos(lower(e.name), lower(q->>'q')) > 0)
	      AND api.since_after(args, e.updated_at, e.id,
	          api.after_cursor(args, e.created_at, e.id))
	    ORDER BY api.since_ts(args, e.updated_at),
	        api.since_id(args, e.id), e.created_at DESC, e.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/employers/{id}.
CREATE OR REPLACE FUNCTION api.employers_get(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	e	employers;
BEGIN
	SELECT * INTO e FROM employers t
	WHERE t.id = (args->>'id')::uuid AND api.employer_visible(ctx, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('employer');
	END IF;
	RETURN api.one(200, api.employer_json(e), e.version);
END
$$;

-- POST /v1/employers (admin anywhere, consultant in their municipalities).
CREATE OR REPLACE FUNCTION api.employers_create(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := args->'body';
	e	employers;
BEGIN
	IF coalesce(ctx->>'role' NOT IN ('admin', 'consultant'), true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not create employers';
	END IF;
	PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');
	INSERT INTO employers (name, cvr, street, postal_code, city,
	    municipality_code, contact_name, contact_email, contact_phone,
	    agreement_signed_on, notes)
	VALUES (b->>'name', b->>'cvr', b->>'street', b->>'postal_code',
	    b->>'city', b->>'municipality_code', b->>'contact_name',
	    b->>'contact_email', b->>'contact_phone',
	    (b->>'agreement_signed_on')::date, b->>'notes')
	RETURNING * INTO e;
	RETURN api.one(201, api.employer_json(e), e.version);
END
$$;

-- PATCH /v1/employers/{id}: merge patch (admin, consultant in scope,
-- employer its own company).
CREATE OR REPLACE FUNCTION api.employers_update(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	e	employers;
BEGIN
	SELECT * INTO e FROM employers t
	WHERE t.id = (args->>'id')::uuid AND api.employer_writable(ctx, t)
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('employer');
	END IF;
	PERFORM api.check_if_match(args, e.version);
	IF b ? 'municipality_code' THEN
		PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');
	END IF;

	UPDATE employers SET
	    name = CASE WHEN b ? 'name' THEN b->>'name' ELSE name END,
	    cvr = CASE WHEN b ? 'cvr' THEN b->>'cvr' ELSE cvr END,
	    street = CASE WHEN b ? 'street' THEN b->>'street' ELSE street END,
	    postal_code = CASE WHEN b ? 'postal_code' THEN b->>'postal_code'
	        ELSE postal_code END,
	    city = CASE WHEN b ? 'city' THEN b->>'city' ELSE city END,
	    municipality_code = CASE WHEN b ? 'municipality_code'
	        THEN b->>'municipality_code' ELSE municipality_code END,
	    contact_name = CASE WHEN b ? 'contact_name' THEN b->>'contact_name'
	        ELSE contact_name END,
	    contact_email = CASE WHEN b ? 'contact_email'
	        THEN b->>'contact_email' ELSE contact_email END,
	    contact_phone = CASE WHEN b ? 'contact_phone'
	        THEN b->>'contact_phone' ELSE contact_phone END,
	    agreement_signed_on = CASE WHEN b ? 'agreement_signed_on'
	        THEN (b->>'agreement_signed_on')::date
	        ELSE agreement_signed_on END,
	    notes = CASE WHEN b ? 'notes' THEN b->>'notes' ELSE notes END
	WHERE id = e.id
	RETURNING * INTO e;
	RETURN api.one(200, api.employer_json(e), e.version);
END
$$;

-- DELETE /v1/employers/{id} (admin; jobs or users referencing it → 23503,
-- which C answers with 409).
CREATE OR REPLACE FUNCTION api.employers_delete(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	e	employers;
BEGIN
	SELECT * INTO e FROM employers t
	WHERE t.id = (args->>'id')::uuid AND api.employer_writable(ctx, t)
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('employer');
	END IF;
	PERFORM api.check_if_match(args, e.version);
	DELETE FROM employers WHERE id = e.id;
	RETURN ROW(204, NULL, NULL, NULL)::api.result;
END
$$;
