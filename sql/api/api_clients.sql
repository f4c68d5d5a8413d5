-- api_clients.sql — /v1/api-clients (admin): the credentials of partner
-- systems (table api_clients, 0018_api_clients). The secret is made here
-- and shown once, by create and rotate; only its SHA-256 is stored. A
-- secret is 'jbs_' and the hex of two gen_random_uuid()s (PostgreSQL ≥ 13
-- draws them from pg_strong_random, the CSPRNG): 244 random bits, no
-- pgcrypto needed. client_id is 'jbc_' and 24 hex digits of another.
-- Logging in with them: api.auth_api_client (sql/api/auth.sql).

-- The scopes a client may hold (and a token carry).
CREATE OR REPLACE FUNCTION api.api_client_scopes() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['jobs:read', 'seekers:read', 'seekers:refer',
	    'placements:read', 'events:read', 'webhooks:manage']
$$;

-- A new secret (text; shown once).
CREATE OR REPLACE FUNCTION api.api_client_secret() RETURNS text
LANGUAGE sql VOLATILE AS $$
	SELECT 'jbs_' || replace(gen_random_uuid()::text, '-', '')
	    || replace(gen_random_uuid()::text, '-', '')
$$;

-- The stored hash of a secret: SHA-256 of its UTF-8 bytes, hex (what C's
-- jb_token_sha256_hex computes of the secret a client presents).
CREATE OR REPLACE FUNCTION api.api_client_hash(secret text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT encode(sha256(convert_to(secret, 'UTF8')), 'hex')
$$;

-- A client as the API returns it (never a secret or its hash).
CREATE OR REPLACE FUNCTION api.api_client_json(c api_clients) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', c.id, 'client_id', c.client_id,
	    'name', c.name, 'municipality_codes', c.municipality_codes,
	    'scopes', c.scopes, 'active', c.active,
	    'secret_rotated_at', api.ts(c.secret_rotated_at),
	    'previous_secret_expires_at',
	    api.ts(CASE WHEN c.previous_secret_expires_at > now()
		THEN c.previous_secret_expires_at END),
	    'last_used_at', api.ts(c.last_used_at),
	    'created_at', api.ts(c.created_at),
	    'updated_at', api.ts(c.updated_at))
$$;

-- The JSON of c with the secret shown once.
CREATE OR REPLACE FUNCTION api.api_client_with_secret(c api_clients,
    secret text) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT (api.api_client_json(c)::jsonb
	    || jsonb_build_object('client_secret', secret))::json
$$;

-- Admin only (JB403 for the rest).
CREATE OR REPLACE FUNCTION api.api_client_check_admin(ctx jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF ctx->>'role' IS DISTINCT FROM 'admin' THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'only an admin may manage API clients';
	END IF;
END
$$;

-- Rules on a client row: known municipality codes, at least one; known
-- scopes (C checks them too; this is the last word).
CREATE OR REPLACE FUNCTION api.check_api_client(c api_clients) RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF cardinality(c.municipality_codes) = 0 THEN
		PERFORM api.raise_field('municipality_codes', 'required',
		    'an API client needs at least one municipality code');
	END IF;
	PERFORM api.check_municipality_codes(c.municipality_codes);
	IF NOT c.scopes <@ api.api_client_scopes() THEN
		PERFORM api.raise_field('scopes', 'invalid_value',
		    'scopes must be among ' || array_to_string(
		    api.api_client_scopes(), ', '));
	END IF;
END
$$;

-- GET /v1/api-clients: newest first; filter active.
CREATE OR REPLACE FUNCTION api.api_clients_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	PERFORM api.api_client_check_admin(ctx);
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at,
		id)::text) FILTER (WHERE rn = lim) END)
	FROM (SELECT c.created_at, c.id, api.api_client_json(c) AS item,
	        row_number() OVER (ORDER BY c.created_at DESC, c.id DESC) AS rn
	    FROM api_clients c
	    WHERE (q->'active' IS NULL OR c.active = (q->>'active')::bool)
	      AND api.after_cursor(args, c.created_at, c.id)
	    ORDER BY c.created_at DESC, c.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/api-clients/{id}.
CREATE OR REPLACE FUNCTION api.api_clients_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	c	api_clients;
BEGIN
	PERFORM api.api_client_check_admin(ctx);
	SELECT * INTO c FROM api_clients WHERE id = (args->>'id')::uuid;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('API client');
	END IF;
	RETURN api.one(200, api.api_client_json(c), c.version);
END
$$;

-- POST /v1/api-clients: 201 with client_secret, the one time it is shown.
CREATE OR REPLACE FUNCTION api.api_clients_create(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := args->'body';
	c	api_clients;
	secret	text := api.api_client_secret();
BEGIN
	PERFORM api.api_client_check_admin(ctx);
	c.name := b->>'name';
	c.municipality_codes := coalesce(api.text_array(b->'municipality_codes'),
	    '{}');
	c.scopes := ARRAY(SELECT DISTINCT s
	    FROM unnest(coalesce(api.text_array(b->'scopes'), '{}')) s
	    ORDER BY 1);
	PERFORM api.check_api_client(c);
	INSERT INTO api_clients (client_id, name, municipality_codes, scopes,
	    secret_hash)
	VALUES ('jbc_' || left(replace(gen_random_uuid()::text, '-', ''), 24),
	    c.name, c.municipality_codes, c.scopes,
	    api.api_client_hash(secret))
	RETURNING * INTO c;
	RETURN api.one(201, api.api_client_with_secret(c, secret), c.version);
END
$$;

-- PATCH /v1/api-clients/{id}: name, municipality_codes, scopes, active.
-- A change of the last three ends the client's access tokens at once
-- (token_version, 0018_api_clients).
CREATE OR REPLACE FUNCTION api.api_clients_update(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	c	api_clients;
BEGIN
	PERFORM api.api_client_check_admin(ctx);
	SELECT * INTO c FROM api_clients WHERE id = (args->>'id')::uuid
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('API client');
	END IF;
	PERFORM api.check_if_match(args, c.version);
	IF b ? 'name' THEN c.name := b->>'name'; END IF;
	IF b ? 'active' THEN c.active := (b->>'active')::bool; END IF;
	IF b ? 'municipality_codes' THEN
		c.municipality_codes := api.text_array(b->'municipality_codes');
	END IF;
	IF b ? 'scopes' THEN
		c.scopes := ARRAY(SELECT DISTINCT s
		    FROM unnest(api.text_array(b->'scopes')) s ORDER BY 1);
	END IF;
	PERFORM api.check_api_client(c);
	UPDATE api_clients SET name = c.name, active = c.active,
	    municipality_codes = c.municipality_codes, scopes = c.scopes
	WHERE id = c.id
	RETURNING * INTO c;
	RETURN api.one(200, api.api_client_json(c), c.version);
END
$$;

-- POST /v1/api-clients/{id}/secret: a new secret, shown once; the one it
-- replaces keeps working for 24 hours (a third secret ends that at once).
CREATE OR REPLACE FUNCTION api.api_clients_rotate_secret(ctx jsonb,
    args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	c	api_clients;
	secret	text := api.api_client_secret();
BEGIN
	PERFORM api.api_client_check_admin(ctx);
	UPDATE api_clients SET previous_secret_hash = secret_hash,
	    previous_secret_expires_at = now() + interval '24 hours',
	    secret_hash = api.api_client_hash(secret),
	    secret_rotated_at = now()
	WHERE id = (args->>'id')::uuid
	RETURNING * INTO c;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('API client');
	END IF;
	RETURN api.one(200, api.api_client_with_secret(c, secret), c.version);
END
$$;
