-- 0001_init.sql — municipalities, users, refresh tokens, employers, jobs,
-- and the api.* functions C calls (see sql/README.md for the contract).
-- The migration runner wraps this file in a transaction.

CREATE SCHEMA api;

CREATE TYPE api.result AS (status int, body json, etag text, next_cursor text);

-- ---------------------------------------------------------------------------
-- Helpers without table dependencies
-- ---------------------------------------------------------------------------

-- RFC 3339 UTC timestamp with microseconds, e.g. 2026-11-23T08:00:00.123456Z.
CREATE FUNCTION api.ts(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- The strong ETag of a row version: "3".
CREATE FUNCTION api.etag(version int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT '"' || version || '"'
$$;

-- Joins a text array with spaces; IMMUTABLE so a generated column may use it.
CREATE FUNCTION api.join_text(a text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(array_to_string(a, ' '), '')
$$;

-- A JSON array of strings as text[]; JSON null (or absent) gives NULL.
CREATE FUNCTION api.text_array(j jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(j) = 'array'
	    THEN ARRAY(SELECT jsonb_array_elements_text(j)) END
$$;

-- The caller's municipality codes from ctx.
CREATE FUNCTION api.ctx_codes(ctx jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(api.text_array(ctx->'municipality_codes'), '{}')
$$;

-- Whether a municipality is in the caller's scope (admin: every one).
CREATE FUNCTION api.in_scope(ctx jsonb, municipality_code text) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR municipality_code = ANY (api.ctx_codes(ctx))
$$;

-- Great-circle (haversine) distance in kilometres.
CREATE FUNCTION api.distance_km(lat1 float8, lon1 float8, lat2 float8,
    lon2 float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT 2 * 6371.0088 * asin(least(1, sqrt(
	    sin(radians(lat2 - lat1) / 2) ^ 2 +
	    cos(radians(lat1)) * cos(radians(lat2)) *
	    sin(radians(lon2 - lon1) / 2) ^ 2)))
$$;

-- Raises 404 ("<what> not found").
CREATE FUNCTION api.raise_not_found(what text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'JB404', MESSAGE = what || ' not found';
END
$$;

-- Raises 422 for one field: COLUMN = field, HINT = error code.
CREATE FUNCTION api.raise_field(field text, code text, message text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'JB422', MESSAGE = message,
	    COLUMN = field, HINT = code;
END
$$;

-- Raises 409 with a message.
CREATE FUNCTION api.raise_conflict(message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'JB409', MESSAGE = message;
END
$$;

-- Raises 412 unless args.if_match is absent, "*", or lists the current ETag.
CREATE FUNCTION api.check_if_match(args jsonb, version int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF args ? 'if_match' AND NOT EXISTS (
	    SELECT 1 FROM unnest(string_to_array(args->>'if_match', ',')) m
	    WHERE btrim(m) IN ('*', api.etag(version))) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB412',
		    MESSAGE = 'If-Match does not match the current ETag '
		    || api.etag(version);
	END IF;
END
$$;

-- A single-resource result: status, body and the ETag of its version.
CREATE FUNCTION api.one(status int, body json, version int) RETURNS api.result
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(status, body, api.etag(version), NULL)::api.result
$$;

-- A list result: {"data":[...],"next_cursor":null} (C fills in the cursor)
-- and next_cursor = the keyset of the last returned row, NULL on the last
-- page. List functions fetch limit+1 rows, numbered rn in list order, in a
-- sorted subquery (a plain aggregate over it keeps that order), and call
--   api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
--       CASE WHEN count(*) > lim THEN min(<key>) FILTER (WHERE rn = lim) END)
CREATE FUNCTION api.list_result(data json, next_cursor text)
RETURNS api.result
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(200, coalesce(data, '[]'::json), NULL,
	    next_cursor)::api.result
$$;

-- The page size of a list call (C always sends it; 20 by default).
CREATE FUNCTION api.limit_of(args jsonb) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce((args->'query'->>'limit')::int, 20)
$$;

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE municipalities (
	code		text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
	name		text NOT NULL,
	region_code	text NOT NULL,
	region_name	text NOT NULL
);
CREATE INDEX municipalities_region_code_idx ON municipalities (region_code);

CREATE TABLE employers (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	name			text NOT NULL CHECK (btrim(name) <> ''),
	cvr			text NOT NULL UNIQUE CHECK (cvr ~ '^[0-9]{8}$'),
	street			text,
	postal_code		text,
	city			text,
	municipality_code	text NOT NULL REFERENCES municipalities,
	contact_name		text,
	contact_email		text,
	contact_phone		text,
	agreement_signed_on	date,
	notes			text,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employers_municipality_code_idx ON employers (municipality_code);
CREATE INDEX employers_created_at_id_idx ON employers (created_at DESC, id DESC);

CREATE TABLE users (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	email			text NOT NULL,
	name			text NOT NULL,
	role			text NOT NULL CHECK (role IN ('admin', 'consultant',
				    'employer', 'seeker', 'partner')),
	password_hash		text NOT NULL,
	municipality_codes	text[] NOT NULL DEFAULT '{}',
	employer_id		uuid REFERENCES employers,
	seeker_id		uuid,	-- FK added with the seekers table
	active			bool NOT NULL DEFAULT true,
	last_login_at		timestamptz,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT users_municipality_codes_check CHECK (
	    role NOT IN ('consultant', 'partner')
	    OR cardinality(municipality_codes) > 0),
	CONSTRAINT users_employer_id_check CHECK (
	    role <> 'employer' OR employer_id IS NOT NULL)
);
-- Named like a UNIQUE constraint so C reports the field "email".
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_created_at_id_idx ON users (created_at DESC, id DESC);
CREATE INDEX users_employer_id_idx ON users (employer_id);

CREATE TABLE refresh_tokens (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	family_id	uuid NOT NULL,
	user_id		uuid NOT NULL REFERENCES users ON DELETE CASCADE,
	token_hash	text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	expires_at	timestamptz NOT NULL,
	rotated_at	timestamptz,
	revoked_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);

CREATE TABLE jobs (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	employer_id		uuid NOT NULL REFERENCES employers ON DELETE RESTRICT,
	title			text NOT NULL CHECK (btrim(title) <> ''),
	description		text NOT NULL,
	easy_read_summary	text,
	tasks			text[] NOT NULL DEFAULT '{}',
	job_type		text NOT NULL CHECK (job_type IN ('skaanejob',
				    'fleksjob', 'ordinary')),
	weekly_hours		numeric(4,1) NOT NULL
				    CHECK (weekly_hours > 0 AND weekly_hours <= 37),
	schedule		text,
	single_supervisor	bool NOT NULL DEFAULT false,
	supervisor_name		text,
	accommodations		text[] NOT NULL DEFAULT '{}',
	-- positions is what a client sets, so "fewer positions than filled"
	-- is reported on positions.
	positions		int NOT NULL DEFAULT 1,
	filled			int NOT NULL DEFAULT 0 CHECK (filled >= 0),
	hourly_wage_dkk		numeric(8,2) CHECK (hourly_wage_dkk >= 0),
	municipality_code	text NOT NULL REFERENCES municipalities,
	lat			double precision,
	lon			double precision,
	starts_on		date,
	status			text NOT NULL DEFAULT 'draft' CHECK (status IN
				    ('draft', 'published', 'filled', 'closed')),
	published_at		timestamptz,
	search			tsvector GENERATED ALWAYS AS (to_tsvector(
				    'danish'::regconfig,
				    title || ' ' || description || ' ' ||
				    coalesce(easy_read_summary, '') || ' ' ||
				    api.join_text(tasks))) STORED,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT jobs_positions_check CHECK (positions >= 1
	    AND filled <= positions),
	CONSTRAINT jobs_location_check CHECK ((lat IS NULL) = (lon IS NULL)
	    AND (lat IS NULL OR (lat BETWEEN -90 AND 90
	    AND lon BETWEEN -180 AND 180)))
);
CREATE INDEX jobs_search_idx ON jobs USING gin (search);
CREATE INDEX jobs_created_at_id_idx ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_status_created_at_id_idx ON jobs
    (status, created_at DESC, id DESC);
CREATE INDEX jobs_municipality_code_created_at_id_idx ON jobs
    (municipality_code, created_at DESC, id DESC);
CREATE INDEX jobs_employer_id_created_at_id_idx ON jobs
    (employer_id, created_at DESC, id DESC);

-- Bumps version and sets updated_at on every UPDATE. Trigger arguments
-- name columns whose change alone is not a new version (users:
-- last_login_at), so a login does not change the user's ETag.
CREATE FUNCTION api.touch_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_NARGS > 0 AND to_jsonb(NEW) - TG_ARGV::text[] =
	    to_jsonb(OLD) - TG_ARGV::text[] THEN
		NEW.version := OLD.version;
		NEW.updated_at := OLD.updated_at;
		RETURN NEW;
	END IF;
	NEW.version := OLD.version + 1;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;

CREATE TRIGGER employers_touch BEFORE UPDATE ON employers
    FOR EACH ROW EXECUTE FUNCTION api.touch_row();
CREATE TRIGGER jobs_touch BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION api.touch_row();
CREATE TRIGGER users_touch BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION api.touch_row('last_login_at', 'version',
    'updated_at');

-- ---------------------------------------------------------------------------
-- JSON builders: the one shape of each resource
-- ---------------------------------------------------------------------------

-- A municipality as the API returns it.
CREATE FUNCTION api.municipality_json(m municipalities) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('code', m.code, 'name', m.name,
	    'region_code', m.region_code, 'region_name', m.region_name)
$$;

-- A user as the API returns it (never the password hash).
CREATE FUNCTION api.user_json(u users) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', u.id, 'email', u.email, 'name', u.name,
	    'role', u.role, 'municipality_codes', u.municipality_codes,
	    'employer_id', u.employer_id, 'seeker_id', u.seeker_id,
	    'active', u.active, 'last_login_at', api.ts(u.last_login_at),
	    'created_at', api.ts(u.created_at),
	    'updated_at', api.ts(u.updated_at))
$$;

-- An employer as the API returns it.
CREATE FUNCTION api.employer_json(e employers) RETURNS json
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

-- A job as the API returns it.
CREATE FUNCTION api.job_json(j jobs) RETURNS json
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
	    'location', CASE WHEN j.lat IS NOT NULL
	        THEN json_build_object('lat', j.lat, 'lon', j.lon) END,
	    'starts_on', j.starts_on, 'status', j.status,
	    'published_at', api.ts(j.published_at),
	    'created_at', api.ts(j.created_at),
	    'updated_at', api.ts(j.updated_at))
$$;

-- The keyset of a row ordered by (created_at DESC, id DESC).
CREATE FUNCTION api.created_key(created_at timestamptz, id uuid) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_array(api.ts(created_at), id)
$$;

-- Whether a row with this (created_at, id) comes after args.query.cursor.
CREATE FUNCTION api.after_cursor(args jsonb, created_at timestamptz, id uuid)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT args->'query'->'cursor' IS NULL
	    OR (created_at, id) < ((args->'query'->'cursor'->>0)::timestamptz,
	    (args->'query'->'cursor'->>1)::uuid)
$$;

-- ---------------------------------------------------------------------------
-- Scope predicates (object-level visibility per role)
-- ---------------------------------------------------------------------------

-- Users: admin only. (Scope predicates are meant for WHERE clauses, where
-- NULL counts as false; only this one is also used in IF.)
CREATE FUNCTION api.user_visible(ctx jsonb) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(ctx->>'role' = 'admin', false)
$$;

-- Employers: admin all; consultant/partner in their municipalities;
-- employer its own company.
CREATE FUNCTION api.employer_visible(ctx jsonb, e employers) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner')
	        AND e.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'employer'
	        AND e.id = (ctx->>'employer_id')::uuid)
$$;

-- Employers a caller may change: admin, consultant in scope, employer own.
CREATE FUNCTION api.employer_writable(ctx jsonb, e employers) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' IN ('admin', 'consultant', 'employer')
	    AND api.employer_visible(ctx, e)
$$;

-- Jobs: published for everyone; admin all; consultant/partner in their
-- municipalities; employer its own.
CREATE FUNCTION api.job_visible(ctx jsonb, j jobs) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT j.status = 'published'
	    OR ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner')
	        AND j.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'employer'
	        AND j.employer_id = (ctx->>'employer_id')::uuid)
$$;

-- Jobs a caller may change: admin all, consultant in scope, employer own.
CREATE FUNCTION api.job_writable(ctx jsonb, j jobs) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' = 'consultant'
	        AND j.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'employer'
	        AND j.employer_id = (ctx->>'employer_id')::uuid)
$$;

-- 422 out_of_scope when a consultant or partner names a municipality
-- outside their own.
CREATE FUNCTION api.check_municipality_scope(ctx jsonb, code text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF ctx->>'role' IN ('consultant', 'partner')
	    AND NOT api.in_scope(ctx, code) THEN
		PERFORM api.raise_field('municipality_code', 'out_of_scope',
		    'municipality ' || coalesce(code, 'null')
		    || ' is outside your municipalities');
	END IF;
END
$$;

-- ---------------------------------------------------------------------------
-- Municipalities
-- ---------------------------------------------------------------------------

-- GET /v1/municipalities: by code, keyset [code], filter region_code.
CREATE FUNCTION api.municipalities_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN
	        min(json_build_array(code)::text) FILTER (WHERE rn = lim) END)
	FROM (SELECT m.code, api.municipality_json(m) AS item,
	        row_number() OVER (ORDER BY m.code) AS rn
	    FROM municipalities m
	    WHERE (q->>'region_code' IS NULL OR m.region_code = q->>'region_code')
	      AND (q->'cursor' IS NULL OR m.code > q->'cursor'->>0)
	    ORDER BY m.code
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/municipalities/{code}.
CREATE FUNCTION api.municipalities_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	m	municipalities;
BEGIN
	SELECT * INTO m FROM municipalities WHERE code = args->>'id';
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('municipality');
	END IF;
	RETURN ROW(200, api.municipality_json(m), NULL, NULL)::api.result;
END
$$;

-- ---------------------------------------------------------------------------
-- Users (admin only; C checks the role, the WHERE repeats it)
-- ---------------------------------------------------------------------------

-- Rules on a user row after create/update: role-dependent required fields
-- and known municipality codes.
CREATE FUNCTION api.check_user(u users) RETURNS void
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
	IF EXISTS (SELECT 1 FROM unnest(u.municipality_codes) c
	    WHERE NOT EXISTS (SELECT 1 FROM municipalities m
	        WHERE m.code = c)) THEN
		PERFORM api.raise_field('municipality_codes', 'not_found',
		    'unknown municipality code');
	END IF;
END
$$;

-- GET /v1/users: newest first; filters role, active.
CREATE FUNCTION api.users_list(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT u.created_at, u.id, api.user_json(u) AS item,
	        row_number() OVER (ORDER BY u.created_at DESC, u.id DESC) AS rn
	    FROM users u
	    WHERE api.user_visible(ctx)
	      AND (q->>'role' IS NULL OR u.role = q->>'role')
	      AND (q->'active' IS NULL OR u.active = (q->>'active')::bool)
	      AND api.after_cursor(args, u.created_at, u.id)
	    ORDER BY u.created_at DESC, u.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/users/{id}.
CREATE FUNCTION api.users_get(ctx jsonb, args jsonb) RETURNS api.result
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
CREATE FUNCTION api.users_create(ctx jsonb, args jsonb) RETURNS api.result
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
CREATE FUNCTION api.users_update(ctx jsonb, args jsonb) RETURNS api.result
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

-- GET /v1/me: the caller's own identity and scope.
CREATE FUNCTION api.me(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	u	users;
BEGIN
	SELECT * INTO u FROM users
	WHERE id = (ctx->>'sub')::uuid AND active;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('user');
	END IF;
	RETURN api.one(200, json_build_object('id', u.id, 'email', u.email,
	    'name', u.name, 'role', u.role,
	    'municipality_codes', u.municipality_codes,
	    'employer_id', u.employer_id, 'seeker_id', u.seeker_id), u.version);
END
$$;

-- ---------------------------------------------------------------------------
-- Employers
-- ---------------------------------------------------------------------------

-- GET /v1/employers: newest first; filters municipality_code, cvr, q (name
-- contains, case-insensitive).
CREATE FUNCTION api.employers_list(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT e.created_at, e.id, api.employer_json(e) AS item,
	        row_number() OVER (ORDER BY e.created_at DESC, e.id DESC) AS rn
	    FROM employers e
	    WHERE api.employer_visible(ctx, e)
	      AND (q->>'municipality_code' IS NULL
	           OR e.municipality_code = q->>'municipality_code')
	      AND (q->>'cvr' IS NULL OR e.cvr = q->>'cvr')
	      AND (q->>'q' IS NULL
	           OR strpos(lower(e.name), lower(q->>'q')) > 0)
	      AND api.after_cursor(args, e.created_at, e.id)
	    ORDER BY e.created_at DESC, e.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/employers/{id}.
CREATE FUNCTION api.employers_get(ctx jsonb, args jsonb) RETURNS api.result
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
CREATE FUNCTION api.employers_create(ctx jsonb, args jsonb) RETURNS api.result
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
CREATE FUNCTION api.employers_update(ctx jsonb, args jsonb) RETURNS api.result
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
CREATE FUNCTION api.employers_delete(ctx jsonb, args jsonb) RETURNS api.result
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

-- ---------------------------------------------------------------------------
-- Jobs
-- ---------------------------------------------------------------------------

-- GET /v1/jobs: newest first; filters status, municipality_code, job_type,
-- max_weekly_hours, single_supervisor, employer_id, near + radius_km
-- (haversine, default 25 km; jobs without location left out), q (Danish
-- full text). Custom plans so the optional filters fold away.
CREATE FUNCTION api.jobs_list(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	nlat	float8 := (q->'near'->>'lat')::float8;
	nlon	float8 := (q->'near'->>'lon')::float8;
	radius	float8 := coalesce((q->>'radius_km')::float8, 25);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT j.created_at, j.id, api.job_json(j) AS item,
	        row_number() OVER (ORDER BY j.created_at DESC, j.id DESC) AS rn
	    FROM jobs j
	    WHERE api.job_visible(ctx, j)
	      AND (q->>'status' IS NULL OR j.status = q->>'status')
	      AND (q->>'municipality_code' IS NULL
	           OR j.municipality_code = q->>'municipality_code')
	      AND (q->>'job_type' IS NULL OR j.job_type = q->>'job_type')
	      AND (q->>'max_weekly_hours' IS NULL
	           OR j.weekly_hours <= (q->>'max_weekly_hours')::numeric)
	      AND (q->>'single_supervisor' IS NULL
	           OR j.single_supervisor = (q->>'single_supervisor')::bool)
	      AND (q->>'employer_id' IS NULL
	           OR j.employer_id = (q->>'employer_id')::uuid)
	      AND (nlat IS NULL OR (j.lat IS NOT NULL
	           AND api.distance_km(nlat, nlon, j.lat, j.lon) <= radius))
	      AND (q->>'q' IS NULL
	           OR j.search @@ websearch_to_tsquery('danish', q->>'q'))
	      AND api.after_cursor(args, j.created_at, j.id)
	    ORDER BY j.created_at DESC, j.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/jobs/{id}.
CREATE FUNCTION api.jobs_get(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	j	jobs;
BEGIN
	SELECT * INTO j FROM jobs t
	WHERE t.id = (args->>'id')::uuid AND api.job_visible(ctx, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('job');
	END IF;
	RETURN api.one(200, api.job_json(j), j.version);
END
$$;

-- The job with args.id locked for a change by this caller, or 404; checks
-- If-Match.
CREATE FUNCTION api.job_for_update(ctx jsonb, args jsonb) RETURNS jobs
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
CREATE FUNCTION api.jobs_create(ctx jsonb, args jsonb) RETURNS api.result
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
	    municipality_code, lat, lon, starts_on, status)
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
	    (b->>'starts_on')::date, 'draft')
	RETURNING * INTO j;
	RETURN api.one(201, api.job_json(j), j.version);
END
$$;

-- PATCH /v1/jobs/{id}: merge patch of the writable fields.
CREATE FUNCTION api.jobs_update(ctx jsonb, args jsonb) RETURNS api.result
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
	        ELSE starts_on END
	WHERE id = j.id
	RETURNING * INTO j;
	RETURN api.one(200, api.job_json(j), j.version);
END
$$;

-- DELETE /v1/jobs/{id}: drafts only, else 409.
CREATE FUNCTION api.jobs_delete(ctx jsonb, args jsonb) RETURNS api.result
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

-- POST /v1/jobs/{id}/publish: draft → published.
CREATE FUNCTION api.jobs_publish(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	j	jobs := api.job_for_update(ctx, args);
BEGIN
	IF j.status <> 'draft' THEN
		PERFORM api.raise_conflict('only a draft job can be published; '
		    || 'this job is ' || j.status);
	END IF;
	UPDATE jobs SET status = 'published', published_at = now()
	WHERE id = j.id
	RETURNING * INTO j;
	RETURN api.one(200, api.job_json(j), j.version);
END
$$;

-- POST /v1/jobs/{id}/close: draft|published|filled → closed.
CREATE FUNCTION api.jobs_close(ctx jsonb, args jsonb) RETURNS api.result
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

-- ---------------------------------------------------------------------------
-- Authentication (plain arguments; see sql/README.md)
-- ---------------------------------------------------------------------------

-- The access-token scope claims of a user.
CREATE FUNCTION api.claims(u users) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('sub', u.id, 'role', u.role,
	    'municipality_codes', u.municipality_codes,
	    'employer_id', u.employer_id, 'seeker_id', u.seeker_id)
$$;

-- Throttle: every failed attempt counts against a key: the email as typed
-- (known or not, so the throttle reveals nothing) or 'client:<client_id>'.
-- From the 5th failure in a row, the next try must wait 2^(n-5) seconds
-- (1, 2, 4, ... capped at 15 minutes); a success clears the count, a
-- quiet hour forgives it. While a wait runs C answers 429 with
-- Retry-After and spends no Argon2 time on it. A partner client is a user
-- of role `partner`: client_id is its id, client_secret its password.
CREATE TABLE login_failures (
	email		text PRIMARY KEY,	-- the throttle key
	failures	int NOT NULL,
	last_failure_at	timestamptz NOT NULL,
	blocked_until	timestamptz
);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);

-- Seconds the caller of this key must still wait (0: go ahead).
CREATE FUNCTION api.throttle_wait(throttle_key text) RETURNS int
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT ceil(extract(epoch FROM
	    f.blocked_until - now()))::int
	    FROM login_failures f
	    WHERE f.email = lower(throttle_key) AND f.blocked_until > now()), 0)
$$;

-- Password grant, step 1: the user to verify (none: C burns a dummy
-- hash) and the wait.
CREATE FUNCTION api.auth_login_check(email text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.password_hash, api.throttle_wait(auth_login_check.email)
	FROM (SELECT 1) one
	LEFT JOIN users u ON lower(u.email) = lower(auth_login_check.email)
	    AND u.active
$$;

-- Client credentials, step 1: the partner to verify and the wait.
CREATE FUNCTION api.auth_client_check(client_id text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.password_hash,
	    api.throttle_wait('client:' || auth_client_check.client_id)
	FROM (SELECT 1) one
	LEFT JOIN users u ON u.id::text = lower(auth_client_check.client_id)
	    AND u.active AND u.role = 'partner'
$$;

-- A failed attempt for this key: count it, block the next try when due.
CREATE FUNCTION api.auth_login_failed(throttle_key text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	n	int;
BEGIN
	INSERT INTO login_failures AS f (email, failures, last_failure_at)
	VALUES (lower(throttle_key), 1, now())
	ON CONFLICT (email) DO UPDATE SET
	    failures = CASE WHEN f.last_failure_at < now() - interval '1 hour'
		THEN 1 ELSE f.failures + 1 END,
	    last_failure_at = now()
	RETURNING failures INTO n;

	IF n >= 5 THEN
		UPDATE login_failures SET blocked_until = now() +
		    make_interval(secs => least(power(2, least(n - 5, 10)), 900))
		WHERE login_failures.email = lower(throttle_key);
	END IF;

	IF random() < 0.01 THEN
		DELETE FROM login_failures
		WHERE last_failure_at < now() - interval '1 day';
	END IF;
END
$$;

-- Password and client grants, step 2 (after C verified the secret):
-- starts a new refresh-token family (none when token_hash is NULL), records
-- the login, clears the throttle counts and returns the claims;
-- {"error":"invalid_grant"} if the user is gone or inactive.
CREATE FUNCTION api.auth_issue(user_id uuid, token_hash text, ttl_seconds int)
RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	u	users;
BEGIN
	UPDATE users SET last_login_at = now()
	WHERE id = auth_issue.user_id AND active
	RETURNING * INTO u;
	IF NOT FOUND THEN
		RETURN json_build_object('error', 'invalid_grant');
	END IF;
	DELETE FROM login_failures
	WHERE email IN (lower(u.email), 'client:' || u.id::text);
	IF token_hash IS NOT NULL THEN
		INSERT INTO refresh_tokens (family_id, user_id, token_hash,
		    expires_at)
		VALUES (gen_random_uuid(), u.id, token_hash,
		    now() + make_interval(secs => ttl_seconds));
	END IF;
	RETURN api.claims(u);
END
$$;

-- Refresh grant: rotates old → new within the family and returns the
-- claims. Unknown, expired or revoked tokens and inactive users give
-- {"error":"invalid_grant"}; reuse of a rotated token also revokes the
-- whole family (returned, not raised, so the revocation commits).
CREATE FUNCTION api.auth_refresh(old_hash text, new_hash text,
    ttl_seconds int) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	t	refresh_tokens;
	u	users;
	denied	constant json := json_build_object('error', 'invalid_grant');
BEGIN
	SELECT * INTO t FROM refresh_tokens WHERE token_hash = old_hash
	FOR UPDATE;
	IF NOT FOUND OR t.revoked_at IS NOT NULL THEN
		RETURN denied;
	END IF;
	IF t.rotated_at IS NOT NULL THEN
		UPDATE refresh_tokens SET revoked_at = now()
		WHERE family_id = t.family_id AND revoked_at IS NULL;
		RETURN denied;
	END IF;
	IF t.expires_at <= now() THEN
		RETURN denied;
	END IF;
	SELECT * INTO u FROM users WHERE id = t.user_id AND active;
	IF NOT FOUND THEN
		RETURN denied;
	END IF;

	UPDATE refresh_tokens SET rotated_at = now() WHERE id = t.id;
	INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
	VALUES (t.family_id, u.id, new_hash,
	    now() + make_interval(secs => ttl_seconds));
	RETURN api.claims(u);
END
$$;

-- Revokes the family of a refresh token; unknown tokens are ignored.
CREATE FUNCTION api.auth_revoke(token_hash text) RETURNS void
LANGUAGE sql AS $$
	UPDATE refresh_tokens SET revoked_at = now()
	WHERE family_id = (SELECT family_id FROM refresh_tokens t
	    WHERE t.token_hash = auth_revoke.token_hash)
	  AND revoked_at IS NULL
$$;

-- Creates the first admin, or makes the user with that email an active
-- admin with this password hash; returns its id.
CREATE FUNCTION api.bootstrap_admin(email text, name text,
    password_hash text) RETURNS uuid
LANGUAGE sql AS $$
	INSERT INTO users AS u (email, name, role, password_hash)
	VALUES (bootstrap_admin.email, bootstrap_admin.name, 'admin',
	    bootstrap_admin.password_hash)
	ON CONFLICT ((lower(email))) DO UPDATE
	    SET role = 'admin', active = true,
	        password_hash = excluded.password_hash
	RETURNING u.id
$$;

-- Readiness probe: the database answers.
CREATE FUNCTION api.ready() RETURNS int
LANGUAGE sql AS $$
	SELECT 1
$$;
