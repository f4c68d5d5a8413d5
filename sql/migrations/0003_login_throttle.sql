-- 0003_login_throttle.sql — slow down password guessing, and the
-- client_credentials grant for partner systems.
--
-- Every failed attempt counts against a key: the email as typed (known or
-- not, so the throttle reveals nothing) or 'client:<client_id>'. From the
-- 5th failure in a row, the next try must wait 2^(n-5) seconds (1, 2, 4,
-- … capped at 15 minutes); a success clears the count, a quiet hour
-- forgives it. While a wait runs the server answers 429 with Retry-After
-- and spends no Argon2 time on it.
--
-- A partner client is a user of role `partner`: client_id is its id,
-- client_secret its password, its scope its municipality_codes.

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

-- Step 2 of both grants: as in 0001, and a success clears the counts.
CREATE OR REPLACE FUNCTION api.auth_issue(user_id uuid, token_hash text,
    ttl_seconds int)
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
