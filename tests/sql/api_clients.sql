-- tests/sql/api_clients.sql — API clients (sql/api/api_clients.sql) and
-- their login (api.auth_api_client, sql/api/auth.sql): the secret is
-- returned once and stored as its SHA-256; create/update are admin only;
-- unknown scopes are refused; the login counts first, compares hashes
-- (current, and the previous one for 24 h after a rotation) and returns
-- the claims; api.session refuses a client's token after a change of
-- active, codes or scopes; the audit trigger records the changes.
--
-- Run as scripts/test.sh does: BEGIN; \i tests/sql/api_clients.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

DO $$
DECLARE
	admin	jsonb := '{"role": "admin", "request_id": "t"}';
	r	api.result;
	c	json;
	s1	text;
	s2	text;
	cid	text;
	cuuid	uuid;
	claims	json;
	ctx	jsonb;
BEGIN
	r := api.api_clients_create(admin, '{"body": {"name": "JC",
	    "municipality_codes": ["0101"],
	    "scopes": ["seekers:read", "jobs:read", "jobs:read"]}}');
	ASSERT r.status = 201, 'create';
	c := r.body;
	s1 := c->>'client_secret';
	cid := c->>'client_id';
	cuuid := (c->>'id')::uuid;
	ASSERT s1 ~ '^jbs_[0-9a-f]{64}$', 'secret format';
	ASSERT cid ~ '^jbc_[0-9a-f]{24}$', 'client_id format';
	ASSERT (c->'scopes')::jsonb = '["jobs:read", "seekers:read"]',
	    'scopes sorted, unique';
	ASSERT (SELECT secret_hash = encode(sha256(convert_to(s1, 'UTF8')),
	    'hex') FROM api_clients a WHERE a.client_id = cid), 'stored as SHA-256';
	ASSERT NOT ((api.api_clients_get(admin, jsonb_build_object('id',
	    cuuid))).body::jsonb ? 'client_secret'), 'get: no secret';

	-- Admin only; unknown scopes refused.
	BEGIN
		PERFORM api.api_clients_create('{"role": "consultant"}',
		    '{"body": {"name": "x", "municipality_codes": ["0101"],
		    "scopes": []}}');
		RAISE EXCEPTION 'consultant created a client';
	EXCEPTION WHEN SQLSTATE 'JB403' THEN NULL;
	END;
	BEGIN
		PERFORM api.api_clients_create(admin, '{"body": {"name": "x",
		    "municipality_codes": ["0101"], "scopes": ["root"]}}');
		RAISE EXCEPTION 'unknown scope accepted';
	EXCEPTION WHEN SQLSTATE 'JB422' THEN NULL;
	END;

	-- Login: claims; a wrong secret is an error, counted.
	claims := api.auth_api_client(cid, encode(sha256(convert_to(s1,
	    'UTF8')), 'hex'), '10.9.9.9');
	ASSERT claims->>'sub' = cuuid::text AND claims->>'role' = 'partner'
	    AND claims->>'client_id' = cid
	    AND claims->>'scope' = 'jobs:read seekers:read'
	    AND (claims->>'ver')::int = 0, 'claims ' || claims::text;
	ASSERT api.auth_api_client(cid, repeat('0', 64), '10.9.9.9')->>'error'
	    = 'invalid_client', 'wrong secret';

	-- Rotation: both secrets work; the old one not after it expires.
	r := api.api_clients_rotate_secret(admin, jsonb_build_object('id', cuuid));
	s2 := r.body->>'client_secret';
	ASSERT s2 <> s1, 'a new secret';
	ASSERT api.auth_api_client(cid, api.api_client_hash(s1), NULL)->>'sub'
	    = cuuid::text, 'old secret within 24 h';
	ASSERT api.auth_api_client(cid, api.api_client_hash(s2), NULL)->>'sub'
	    = cuuid::text, 'new secret';
	UPDATE api_clients SET previous_secret_expires_at = now()
	    - interval '1 second' WHERE api_clients.id = cuuid;
	ASSERT api.auth_api_client(cid, api.api_client_hash(s1), NULL)->>'error'
	    = 'invalid_client', 'old secret expired';

	-- api.session: a client's token dies with a change of scope.
	ctx := jsonb_build_object('role', 'partner', 'sub', cuuid,
	    'client_id', cid, 'ver', 0);
	PERFORM api.session(ctx);
	PERFORM api.api_clients_update(admin, jsonb_build_object('id', cuuid,
	    'body', '{"name": "renamed"}'::jsonb));
	PERFORM api.session(ctx);
	PERFORM api.api_clients_update(admin, jsonb_build_object('id', cuuid,
	    'body', '{"scopes": ["jobs:read"]}'::jsonb));
	BEGIN
		PERFORM api.session(ctx);
		RAISE EXCEPTION 'a token outlived a scope change';
	EXCEPTION WHEN SQLSTATE 'JB401' THEN NULL;
	END;
	-- Another client's id under this client_id is refused too.
	BEGIN
		PERFORM api.session(ctx || jsonb_build_object('ver', 1,
		    'sub', gen_random_uuid()));
		RAISE EXCEPTION 'a foreign sub passed';
	EXCEPTION WHEN SQLSTATE 'JB401' THEN NULL;
	END;
	PERFORM api.session(ctx || '{"ver": 1}');

	ASSERT (SELECT array_agg(action ORDER BY a.id) FROM audit_events a
	    WHERE resource_type = 'api_client' AND resource_id = cuuid::text
	      AND action LIKE 'api\_client.%')
	    = '{api_client.created,api_client.secret_rotated,api_client.updated,api_client.scope_changed}',
	    'audit trail';
END
$$;
