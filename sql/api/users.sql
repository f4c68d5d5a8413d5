-- users.sql — /v1/users: accounts of every role, managed by admins. The
-- password arrives as an Argon2id hash (C hashes it); no answer carries
-- a hash.

-- A user as the API returns it (never the password hash).
CREATE OR REPLACE FUNCTION api.user_json(u users) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', u.id, 'email', u.email, 'name', u.name,
	    'role', u.role, 'municipality_codes', u.municipality_codes,
	    'employer_id', u.employer_id, 'seeker_id', u.seeker_id,
	    'active', u.active, 'last_login_at', api.ts(u.last_login_at),
	    'created_at', api.ts(u.created_at),
	    'updated_at', api.ts(u.updated_at))
$$;

-- Users: admin only. (Scope predicates are meant for WHERE clauses, where
-- NULL counts as false; only this one is also used in IF.)
CREATE OR REPLACE FUNCTION api.user_visible(ctx jsonb) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(ctx->>'role' = 'admin', false)
$$;

-- Rules on a user row after create/update: role-dependent required fields
-- and known municipality codes.
CREATE OR REPLACE FUNCTION api.check_user(u users) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF u.role IN ('consultant', 'partner')
	    AND cardinality(u.municipality_codes) = 0 THEN
		PERFORM api.raise_field('municipality_codes', 'required',
		    'a ' || u.role || ' needs at least one municipality code');
	END IF;
	IF u.role = 'employer' AND u.employer_id IS NULL THEN
		PERFORM api.raise_field('employer_id', 'required',
		    'an employer user needs employer_id');
	END IF;
	PERFORM api.check_municipality_codes(u.municipality_codes);
END
$$;

-- GET /v1/users: newest first; filters role, active.
CREATE OR REPLACE FUNCTION api.users_list(ctx jsonb, args jsonb) RETURNS api.result
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
	FROM (SELECT u.created_at, u.id, u.updated_at, api.user_json(u) AS item,
	        row_number() OVER (ORDER BY api.since_ts(args, u.updated_at),
	            api.since_id(args, u.id), u.created_at DESC, u.id DESC) AS rn
	    FROM users u
	    WHERE api.user_visible(ctx)
	      AND (q->>'role' IS NULL OR u.role = q->>'role')
	      AND (q->'active' IS NULL OR u.active = (q->>'active')::bool)
	      AND api.since_after(args, u.updated_at, u.id,
	          api.after_cursor(args, u.created_at, u.id))
	    ORDER BY api.since_ts(args, u.updated_at),
	        api.since_id(args, u.id), u.created_at DESC, u.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/users/{id}.
CREATE OR REPLACE FUNCTION api.users_get(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	u	users;
BEGIN
	SELECT * INTO u FROM users
	WHERE id = (args->>'id')::uuid AND api.user_visible(ctx);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('user');
	END IF;
	RETURN api.one(200, api.user_json(u), u.version);
END
$$;

-- POST /v1/users (body.password_hash is the Argon2id hash made by C).
CREATE OR REPLACE FUNCTION api.users_create(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := args->'body';
	u	users;
BEGIN
	IF NOT api.user_visible(ctx) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'only an admin may create users';
	END IF;
	u.email := b->>'email';
	u.name := b->>'name';
	u.role := b->>'role';
	u.password_hash := b->>'password_hash';
	u.municipality_codes := coalesce(api.text_array(b->'municipality_codes'),
	    '{}');
	u.employer_id := (b->>'employer_id')::uuid;
	u.seeker_id := (b->>'seeker_id')::uuid;
	PERFORM api.check_user(u);
	INSERT INTO users (email, name, role, password_hash, municipality_codes,
	    employer_id, seeker_id)
	VALUES (u.email, u.name, u.role, u.password_hash, u.municipality_codes,
	    u.employer_id, u.seeker_id)
	RETURNING * INTO u;
	RETURN api.one(201, api.user_json(u), u.version);
END
$$;

-- PATCH /v1/users/{id}: merge patch; deactivating or a new password
-- revokes the user's refresh tokens.
CREATE OR REPLACE FUNCTION api.users_update(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	u	users;
BEGIN
	SELECT * INTO u FROM users
	WHERE id = (args->>'id')::uuid AND api.user_visible(ctx)
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('user');
	END IF;
	PERFORM api.check_if_match(args, u.version);

	IF b ? 'email' THEN u.email := b->>'email'; END IF;
	IF b ? 'name' THEN u.name := b->>'name'; END IF;
	IF b ? 'role' THEN u.role := b->>'role'; END IF;
	IF b ? 'active' THEN u.active := (b->>'active')::bool; END IF;
	IF b ? 'municipality_codes' THEN
		u.municipality_codes := api.text_array(b->'municipality_codes');
	END IF;
	IF b ? 'employer_id' THEN
		u.employer_id := (b->>'employer_id')::uuid;
	END IF;
	IF b ? 'seeker_id' THEN u.seeker_id := (b->>'seeker_id')::uuid; END IF;
	IF b ? 'password_hash' THEN u.password_hash := b->>'password_hash'; END IF;
	PERFORM api.check_user(u);

	UPDATE users SET email = u.email, name = u.name, role = u.role,
	    active = u.active, municipality_codes = u.municipality_codes,
	    employer_id = u.employer_id, seeker_id = u.seeker_id,
	    password_hash = u.password_hash
	WHERE id = u.id
	RETURNING * INTO u;

	IF NOT u.active OR b ? 'password_hash' THEN
		UPDATE refresh_tokens SET revoked_at = now()
		WHERE user_id = u.id AND revoked_at IS NULL;
	END IF;
	RETURN api.one(200, api.user_json(u), u.version);
END
$$;
