-- auth.sql — logins and tokens (POST /v1/auth/token, /v1/auth/revoke) and
-- GET /v1/me. The token endpoint runs in steps (Argon2 verification runs
-- in a Kore task between two statements), so these functions take plain
-- arguments, not (ctx, args).
--
-- Throttle: every failed attempt counts against a key: the email as typed
-- (known or not, so the throttle reveals nothing) or 'client:<client_id>'.
-- From the 5th failure in a row, the next try must wait 2^(n-5) seconds
-- (1, 2, 4, ... capped at 15 minutes); a success clears the count, a
-- quiet hour forgives it. While a wait runs C answers 429 with
-- Retry-After and spends no Argon2 time on it. A partner client is a user
-- of role `partner`: client_id is its id, client_secret its password.

-- The access-token scope claims of a user.
CREATE OR REPLACE FUNCTION api.claims(u users) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('sub', u.id, 'role', u.role,
	    'municipality_codes', u.municipality_codes,
	    'employer_id', u.employer_id, 'seeker_id', u.seeker_id)
$$;

-- Seconds the caller of this key must still wait (0: go ahead).
CREATE OR REPLACE FUNCTION api.throttle_wait(throttle_key text) RETURNS int
LANGUAGE sql STABLE AS $$
	SELECT coalesce((SELECT ceil(extract(epoch FROM
	    f.blocked_until - now()))::int
	    FROM login_failures f
	    WHERE f.email = lower(throttle_key) AND f.blocked_until > now()), 0)
$$;

-- Password grant, step 1: the user to verify (none: C burns a dummy
-- hash) and the wait.
CREATE OR REPLACE FUNCTION api.auth_login_check(email text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.password_hash, api.throttle_wait(auth_login_check.email)
	FROM (SELECT 1) one
	LEFT JOIN users u ON lower(u.email) = lower(auth_login_check.email)
	    AND u.active
$$;

-- Client credentials, step 1: the partner to verify and the wait.
CREATE OR REPLACE FUNCTION api.auth_client_check(client_id text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.password_hash,
	    api.throttle_wait('client:' || auth_client_check.client_id)
	FROM (SELECT 1) one
	LEFT JOIN users u ON u.id::text = lower(auth_client_check.client_id)
	    AND u.active AND u.role = 'partner'
$$;

-- A failed attempt for this key: count it, block the next try when due.
CREATE OR REPLACE FUNCTION api.auth_login_failed(throttle_key text) RETURNS void
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
CREATE OR REPLACE FUNCTION api.auth_issue(user_id uuid, token_hash text, ttl_seconds int)
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
CREATE OR REPLACE FUNCTION api.auth_refresh(old_hash text, new_hash text,
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
CREATE OR REPLACE FUNCTION api.auth_revoke(token_hash text) RETURNS void
LANGUAGE sql AS $$
	UPDATE refresh_tokens SET revoked_at = now()
	WHERE family_id = (SELECT family_id FROM refresh_tokens t
	    WHERE t.token_hash = auth_revoke.token_hash)
	  AND revoked_at IS NULL
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
