-- 0003_login_throttle.sql — slow down password guessing. Every failed
-- password login counts against the email as typed (known or not, so the
-- throttle reveals nothing). From the 5th failure in a row, the next try
-- must wait 2^(n-5) seconds (1, 2, 4, … capped at 15 minutes); a success
-- clears the count, and a quiet hour forgives it. While a wait runs the
-- server answers 429 with Retry-After and spends no Argon2 time on it.

CREATE TABLE login_failures (
	email		text PRIMARY KEY,	-- lower(email) as typed
	failures	int NOT NULL,
	last_failure_at	timestamptz NOT NULL,
	blocked_until	timestamptz
);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);

-- Password grant, step 1: the user to verify (none: burn a dummy hash)
-- and how many seconds the caller must still wait (0: go ahead).
CREATE FUNCTION api.auth_login_check(email text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.password_hash,
	    coalesce((SELECT ceil(extract(epoch FROM f.blocked_until - now()))
	        FROM login_failures f
	        WHERE f.email = lower(auth_login_check.email)
	        AND f.blocked_until > now()), 0)::int
	FROM (SELECT 1) one
	LEFT JOIN users u ON lower(u.email) = lower(auth_login_check.email)
	    AND u.active
$$;

-- Password grant, failed: count it, and block the next try when due.
CREATE FUNCTION api.auth_login_failed(login_email text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	n	int;
BEGIN
	INSERT INTO login_failures AS f (email, failures, last_failure_at)
	VALUES (lower(login_email), 1, now())
	ON CONFLICT (email) DO UPDATE SET
	    failures = CASE WHEN f.last_failure_at < now() - interval '1 hour'
		THEN 1 ELSE f.failures + 1 END,
	    last_failure_at = now()
	RETURNING failures INTO n;

	IF n >= 5 THEN
		UPDATE login_failures SET blocked_until = now() +
		    make_interval(secs => least(power(2, least(n - 5, 10)), 900))
		WHERE login_failures.email = lower(login_email);
	END IF;

	IF random() < 0.01 THEN
		DELETE FROM login_failures
		WHERE last_failure_at < now() - interval '1 day';
	END IF;
END
$$;

-- Password grant, step 2: as in 0001, and a success clears the count.
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
	DELETE FROM login_failures WHERE email = lower(u.email);
	IF token_hash IS NOT NULL THEN
		INSERT INTO refresh_tokens (family_id, user_id, token_hash,
		    expires_at)
		VALUES (gen_random_uuid(), u.id, token_hash,
		    now() + make_interval(secs => ttl_seconds));
	END IF;
	RETURN api.claims(u);
END
$$;
