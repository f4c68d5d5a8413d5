-- auth.sql — logins and tokens (POST /v1/auth/token, /v1/auth/revoke,
-- /v1/auth/logout-all), the check every authenticated request passes
-- (api.session) and GET /v1/me. The token endpoint runs in steps (Argon2
-- verification runs in a Kore task between two statements), so those
-- functions take plain arguments, not (ctx, args).
--
-- Throttle (login_attempts, sql/migrations/0014_security.sql): an attempt
-- is counted before the password is checked, against two keys: the
-- account and the client address (5 in 15 minutes), and the account alone
-- (20 in 15 minutes). The account is the user's id when the name is
-- known (whatever the grant: password or client_credentials), else the
-- name as typed; keys are SHA-256 digests, so no e-mail is stored. Over
-- a budget the key is blocked for 15 minutes and C answers 429 with
-- Retry-After without checking a password. A success forgives its
-- address and gives back its own count on the account.
--
-- client_credentials: an API client (table api_clients,
-- sql/api/api_clients.sql) gives its client_id (jbc_…) and secret; C
-- hashes the secret (SHA-256) and api.auth_api_client compares hashes
-- (the account of the throttle is 'client:' || client_id). Its token is
-- of role partner with claims client_id, municipality_codes, scope
-- (space-separated) and ver (the client's token_version); sub is the
-- client's id (api_clients.id), so audit rows name the client as actor
-- and client_id. Deprecated: a partner *user*'s id as client_id and its
-- password as secret (api.auth_client_check) still works.

-- The access-token claims of a user; "ver" is its token_version.
CREATE OR REPLACE FUNCTION api.claims(u users) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('sub', u.id, 'role', u.role,
	    'municipality_codes', u.municipality_codes,
	    'employer_id', u.employer_id, 'seeker_id', u.seeker_id,
	    'ver', u.token_version)
$$;

-- Every authenticated request's statement runs api.<fn>(api.session(ctx),
-- args): 401 unless the token's user is active and the token was issued
-- at the user's current token_version (no security change since); an API
-- client's token (ctx.client_id) the same against api_clients. Makes
-- ctx the transaction's actor (jobbro.ctx) for the audit triggers.
CREATE OR REPLACE FUNCTION api.session(ctx jsonb) RETURNS jsonb
LANGUAGE plpgsql AS $$
BEGIN
	IF ctx->>'client_id' IS NOT NULL THEN
		IF NOT EXISTS (SELECT 1 FROM api_clients c
		    WHERE c.id = (ctx->>'sub')::uuid
		      AND c.client_id = ctx->>'client_id' AND c.active
		      AND c.token_version = coalesce((ctx->>'ver')::int, 0)) THEN
			RAISE EXCEPTION USING ERRCODE = 'JB401',
			    MESSAGE = 'the access token has been revoked';
		END IF;
	ELSIF ctx->>'sub' IS NOT NULL AND NOT EXISTS (SELECT 1 FROM users u
	    WHERE u.id = (ctx->>'sub')::uuid AND u.active
	      AND u.token_version = coalesce((ctx->>'ver')::int, 0)) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB401',
		    MESSAGE = 'the access token has been revoked';
	END IF;
	PERFORM set_config('jobbro.ctx', ctx::text, true);
	RETURN ctx;
END
$$;

-- The throttle key of a text: its SHA-256 in hex.
CREATE OR REPLACE FUNCTION api.throttle_key(s text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT encode(sha256(convert_to(s, 'UTF8')), 'hex')
$$;

-- Count one attempt against key (at most budget in 15 minutes). Returns
-- the seconds to wait (0: counted, go ahead).
CREATE OR REPLACE FUNCTION api.throttle_take(key text, budget int) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	a	login_attempts;
BEGIN
	INSERT INTO login_attempts AS t (key, attempts, window_started_at)
	VALUES (throttle_take.key, 1, now())
	ON CONFLICT ON CONSTRAINT login_attempts_pkey DO UPDATE SET
	    attempts = CASE WHEN t.blocked_until > now() THEN t.attempts
		WHEN t.window_started_at < now() - interval '15 minutes'
		THEN 1 ELSE t.attempts + 1 END,
	    window_started_at = CASE WHEN t.blocked_until > now()
		THEN t.window_started_at
		WHEN t.window_started_at < now() - interval '15 minutes'
		THEN now() ELSE t.window_started_at END
	RETURNING * INTO a;
	IF a.blocked_until > now() THEN
		RETURN ceil(extract(epoch FROM a.blocked_until - now()))::int;
	END IF;
	IF a.attempts > budget THEN
		UPDATE login_attempts t SET blocked_until = now()
		    + interval '15 minutes'
		WHERE t.key = throttle_take.key;
		RETURN 900;
	END IF;
	IF random() < 0.01 THEN
		DELETE FROM login_attempts t
		WHERE t.window_started_at < now() - interval '1 day'
		  AND coalesce(t.blocked_until, '-infinity') < now();
	END IF;
	RETURN 0;
END
$$;

-- One attempt for account from ip: the (account, address) budget of 5,
-- then the account's own budget of 20. Returns the seconds to wait.
CREATE OR REPLACE FUNCTION api.throttle_attempt(account text, ip text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	wait	int;
BEGIN
	wait := api.throttle_take(api.throttle_key('pair:' || account || '|'
	    || coalesce(ip, '')), 5);
	IF wait = 0 THEN
		wait := api.throttle_take(api.throttle_key('acct:' || account), 20);
	END IF;
	RETURN wait;
END
$$;

-- A success: forget the address's count, give back the account's.
CREATE OR REPLACE FUNCTION api.throttle_success(account text, ip text) RETURNS void
LANGUAGE sql AS $$
	DELETE FROM login_attempts
	WHERE key = api.throttle_key('pair:' || account || '|'
	    || coalesce(ip, ''));
	UPDATE login_attempts SET attempts = greatest(attempts - 1, 0)
	WHERE key = api.throttle_key('acct:' || account);
$$;

-- Step 1 of a grant by account (the user u, a NULL row when there is no
-- such user) from ip: count the attempt; the user to verify (none: C
-- burns a dummy hash) unless the caller must wait.
CREATE OR REPLACE FUNCTION api.auth_attempt(u users, account text, ip text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql AS $$
	SELECT CASE WHEN w.wait = 0 THEN u.id END,
	    CASE WHEN w.wait = 0 THEN u.password_hash END, w.wait
	FROM (SELECT api.throttle_attempt(account, ip) AS wait) w
$$;

-- Password grant, step 1: the account is the user of that e-mail, or
-- the name as typed.
CREATE OR REPLACE FUNCTION api.auth_login_check(email text, ip text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql AS $$
	SELECT a.*
	FROM (SELECT (SELECT u FROM users u
	    WHERE lower(u.email) = lower(auth_login_check.email)
	      AND u.active) AS u) x,
	LATERAL api.auth_attempt(x.u, coalesce((x.u).id::text,
	    'name:' || lower(auth_login_check.email)), ip) a
$$;

-- Client credentials, step 1: a partner's client_id is its user id, the
-- same account as its password grant.
CREATE OR REPLACE FUNCTION api.auth_client_check(client_id text, ip text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql AS $$
	SELECT a.*
	FROM (SELECT (SELECT u FROM users u
	    WHERE u.id::text = lower(auth_client_check.client_id) AND u.active
	      AND u.role = 'partner') AS u) x,
	LATERAL api.auth_attempt(x.u, lower(auth_client_check.client_id), ip) a
$$;

-- client_credentials of an API client, in one statement: count the
-- attempt (account 'client:' || client_id), compare the SHA-256 of the
-- secret given with the current one and, for 24 hours after a rotation,
-- the previous one. Returns the claims of the access token, or
-- {"retry_after": s} (429), or {"error": "invalid_client"} (returned, not
-- raised, so that the count and the audit row commit).
CREATE OR REPLACE FUNCTION api.auth_api_client(client_id text,
    secret_hash text, ip text) RETURNS json
LANGUAGE plpgsql AS $$
DECLARE
	c	api_clients;
	wait	int;
BEGIN
	wait := api.throttle_attempt('client:' || client_id, ip);
	IF wait > 0 THEN
		RETURN json_build_object('retry_after', wait);
	END IF;
	SELECT * INTO c FROM api_clients a
	WHERE a.client_id = auth_api_client.client_id AND a.active
	  AND (a.secret_hash = auth_api_client.secret_hash
	    OR (a.previous_secret_hash = auth_api_client.secret_hash
	      AND a.previous_secret_expires_at > now()));
	IF NOT FOUND THEN
		PERFORM api.audit(jsonb_build_object('role', 'anonymous',
		    'ip', ip), 'auth.login_failed', 'api_client',
		    (SELECT a.id::text FROM api_clients a
		     WHERE a.client_id = auth_api_client.client_id), NULL);
		RETURN json_build_object('error', 'invalid_client');
	END IF;
	UPDATE api_clients SET last_used_at = now() WHERE id = c.id
	RETURNING * INTO c;
	PERFORM api.throttle_success('client:' || client_id, ip);
	PERFORM api.audit(jsonb_build_object('sub', c.id, 'role', 'partner',
	    'client_id', c.client_id, 'ip', ip), 'auth.login', 'api_client',
	    c.id::text, NULL);
	RETURN json_build_object('sub', c.id, 'role', 'partner',
	    'client_id', c.client_id,
	    'municipality_codes', c.municipality_codes,
	    'scope', array_to_string(c.scopes, ' '),
	    'ver', c.token_version);
END
$$;

-- The ctx of an auth event: the user (if known) from the address ip.
CREATE OR REPLACE FUNCTION api.auth_ctx(user_id uuid, ip text) RETURNS jsonb
LANGUAGE sql STABLE AS $$
	SELECT jsonb_build_object('sub', u.id, 'role', coalesce(u.role,
	    'anonymous'), 'ip', ip)
	FROM (SELECT 1) one LEFT JOIN users u ON u.id = auth_ctx.user_id
$$;

-- A failed attempt (already counted by step 1): into the audit trail
-- (user_id NULL: no such user; the name typed is not recorded).
CREATE OR REPLACE FUNCTION api.auth_login_failed(user_id uuid, ip text) RETURNS void
LANGUAGE sql AS $$
	SELECT api.audit(api.auth_ctx(user_id, ip), 'auth.login_failed', 'user',
	    user_id::text, NULL)
$$;

-- Password and client grants, step 2 (after C verified the secret):
-- starts a new refresh-token family (none when token_hash is NULL), records
-- the login, forgives the address and returns the claims;
-- {"error":"invalid_grant"} if the user is gone or inactive.
CREATE OR REPLACE FUNCTION api.auth_issue(user_id uuid, token_hash text,
    ttl_seconds int, ip text)
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
	PERFORM api.throttle_success(u.id::text, ip);
	PERFORM api.audit(api.auth_ctx(u.id, ip), 'auth.login', 'user',
	    u.id::text, u.seeker_id);
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
-- {"error":"invalid_grant"}. A token rotated less than grace_seconds ago
-- still refreshes (two requests of one app raced); reuse after that
-- revokes the whole family (returned, not raised, so the revocation
-- commits).
CREATE OR REPLACE FUNCTION api.auth_refresh(old_hash text, new_hash text,
    ttl_seconds int, grace_seconds int) RETURNS json
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
	IF t.rotated_at IS NOT NULL AND t.rotated_at
	    <= now() - make_interval(secs => grace_seconds) THEN
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

	UPDATE refresh_tokens SET rotated_at = coalesce(rotated_at, now())
	WHERE id = t.id;
	INSERT INTO refresh_tokens (family_id, user_id, token_hash, expires_at)
	VALUES (t.family_id, u.id, new_hash,
	    now() + make_interval(secs => ttl_seconds));
	RETURN api.claims(u);
END
$$;

-- Revokes the family of a refresh token (a logout, audited with the
-- caller's address ip); unknown tokens are ignored.
CREATE OR REPLACE FUNCTION api.auth_revoke(token_hash text, ip text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	t	refresh_tokens;
BEGIN
	SELECT * INTO t FROM refresh_tokens r
	WHERE r.token_hash = auth_revoke.token_hash;
	IF NOT FOUND THEN
		RETURN;
	END IF;
	UPDATE refresh_tokens SET revoked_at = now()
	WHERE family_id = t.family_id AND revoked_at IS NULL;
	PERFORM api.audit(api.auth_ctx(t.user_id, ip), 'auth.logout', 'user',
	    t.user_id::text, NULL);
END
$$;

-- POST /v1/auth/logout-all: every access and refresh token of the caller
-- stops working (204).
CREATE OR REPLACE FUNCTION api.auth_logout_all(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
BEGIN
	UPDATE users SET token_version = token_version + 1
	WHERE id = (ctx->>'sub')::uuid;
	UPDATE refresh_tokens SET revoked_at = now()
	WHERE user_id = (ctx->>'sub')::uuid AND revoked_at IS NULL;
	PERFORM api.audit(ctx, 'auth.logout_all', 'user', ctx->>'sub', NULL);
	RETURN ROW(204, NULL, NULL, NULL)::api.result;
END
$$;

-- Creates the first admin, or makes the user with that email an active
-- admin with this password hash; returns its id.
CREATE OR REPLACE FUNCTION api.bootstrap_admin(email text, name text,
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

-- GET /v1/me: the caller's own identity and scope.
CREATE OR REPLACE FUNCTION api.me(ctx jsonb, args jsonb) RETURNS api.result
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
