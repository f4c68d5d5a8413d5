-- 0018_api_clients.sql — API clients (issue 10): the credentials of a
-- partner system (a municipal job centre), managed by admins at
-- /v1/api-clients (sql/api/api_clients.sql). A client logs in with the
-- client_credentials grant (sql/api/auth.sql) and gets a partner token
-- limited to its municipality_codes and scopes.
--
-- The secret is stored as the SHA-256 (hex) of its text: secrets are
-- generated (244 random bits), so a fast hash is right and the check is
-- a comparison in SQL. A rotation keeps the old hash working for 24 hours
-- (previous_secret_hash, previous_secret_expires_at). token_version is
-- every access token's claim "ver": a change of scope (codes, scopes) or
-- of active bumps it (trigger below), and api.session() refuses tokens
-- of another version, so they die at once.

CREATE TABLE api_clients (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	client_id	text NOT NULL UNIQUE CHECK (client_id ~ '^jbc_[0-9a-f]{24}$'),
	name		text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
	municipality_codes text[] NOT NULL DEFAULT '{}',
	scopes		text[] NOT NULL DEFAULT '{}' CHECK (scopes <@ ARRAY[
			    'jobs:read', 'seekers:read', 'seekers:refer',
			    'placements:read', 'events:read',
			    'webhooks:manage']::text[]),
	active		bool NOT NULL DEFAULT true,
	secret_hash	text NOT NULL CHECK (secret_hash ~ '^[0-9a-f]{64}$'),
	previous_secret_hash text CHECK (previous_secret_hash ~ '^[0-9a-f]{64}$'),
	previous_secret_expires_at timestamptz,
	secret_rotated_at timestamptz,
	token_version	int NOT NULL DEFAULT 0,
	last_used_at	timestamptz,
	version		int NOT NULL DEFAULT 1,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_clients_created_at_id_idx ON api_clients
    (created_at DESC, id DESC);

-- A login (last_used_at) is not a new version of the client.
CREATE TRIGGER api_clients_touch BEFORE UPDATE ON api_clients
    FOR EACH ROW EXECUTE FUNCTION core.touch_row('last_used_at', 'version',
    'updated_at');

-- A change of what the client may do kills its access tokens.
CREATE FUNCTION core.api_clients_security_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF NEW.active IS DISTINCT FROM OLD.active
	    OR NEW.municipality_codes IS DISTINCT FROM OLD.municipality_codes
	    OR NEW.scopes IS DISTINCT FROM OLD.scopes THEN
		NEW.token_version := OLD.token_version + 1;
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER api_clients_security_change BEFORE UPDATE ON api_clients
    FOR EACH ROW EXECUTE FUNCTION core.api_clients_security_change();

-- The audit trail of a client (resource 'api_client'): created, updated,
-- deactivated, activated, scope_changed (codes or scopes),
-- secret_rotated — one event each; a login alone (last_used_at) is not
-- recorded here (sql/api/auth.sql records it as auth.login). The caller
-- is jobbro.ctx, as in core.audit_change.
CREATE FUNCTION core.audit_api_client() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	ctx	jsonb := nullif(current_setting('jobbro.ctx', true), '')::jsonb;
	actions	text[];
BEGIN
	IF TG_OP = 'INSERT' THEN
		actions := '{api_client.created}';
	ELSE
		actions := array_remove(ARRAY[
		    CASE WHEN OLD.active AND NOT NEW.active
			THEN 'api_client.deactivated'
			WHEN NEW.active AND NOT OLD.active
			THEN 'api_client.activated' END,
		    CASE WHEN (OLD.municipality_codes, OLD.scopes)
			IS DISTINCT FROM (NEW.municipality_codes, NEW.scopes)
			THEN 'api_client.scope_changed' END,
		    CASE WHEN OLD.secret_hash IS DISTINCT FROM NEW.secret_hash
			THEN 'api_client.secret_rotated' END,
		    CASE WHEN OLD.name IS DISTINCT FROM NEW.name
			THEN 'api_client.updated' END], NULL);
	END IF;
	INSERT INTO audit_events (actor_id, actor_role, client_id, action,
	    resource_type, resource_id, seeker_id, request_id, ip)
	SELECT (ctx->>'sub')::uuid, coalesce(ctx->>'role', 'system'),
	    ctx->>'client_id', a, 'api_client', NEW.id::text, NULL,
	    ctx->>'request_id', (ctx->>'ip')::inet
	FROM unnest(actions) a;
	RETURN NULL;
END
$$;

CREATE TRIGGER api_clients_audit AFTER INSERT OR UPDATE ON api_clients
    FOR EACH ROW EXECUTE FUNCTION core.audit_api_client();
