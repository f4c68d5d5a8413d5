-- 0004_client_credentials.sql — the client_credentials grant for partner
-- systems (municipal job centres, server to server). A partner client is
-- a user of role `partner`: client_id is its id, client_secret its
-- password, its scope its municipality_codes. No refresh tokens. Failed
-- attempts are throttled like logins, under the key 'client:<id>'.

-- Client credentials, step 1: the partner to verify and the wait.
CREATE FUNCTION api.auth_client_check(client_id text)
RETURNS TABLE (user_id uuid, password_hash text, retry_after int)
LANGUAGE sql STABLE AS $$
	SELECT u.id, u.password_hash,
	    coalesce((SELECT ceil(extract(epoch FROM f.blocked_until - now()))
	        FROM login_failures f
	        WHERE f.email = 'client:' || lower(auth_client_check.client_id)
	        AND f.blocked_until > now()), 0)::int
	FROM (SELECT 1) one
	LEFT JOIN users u ON u.id::text = lower(auth_client_check.client_id)
	    AND u.active AND u.role = 'partner'
$$;

-- As in 0003, and a success also clears the client key's count.
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
