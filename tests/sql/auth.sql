-- tests/sql/auth.sql — the login throttle (api.auth_login_check and
-- auth_client_check count before any password is checked: 5 per account
-- and address, 20 per account; one account for every grant; no e-mail
-- stored), auth_issue (claims with ver; a login keeps the ETag; a success
-- forgives its address), auth_refresh (rotation; reuse within the grace
-- window refreshes, after it revokes the family; expiry), auth_revoke,
-- api.session (token_version: every security change and logout-all
-- revoke access tokens at once), bootstrap_admin; api.ready.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/auth.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- ---------------------------------------------------------------- auth
DO $$
DECLARE
	uid	uuid;
	pid	uuid := 'a0000000-0000-4000-8000-000000000004';
	c	json;
	v	int;
	h1	text := encode(sha256('t1'), 'hex');
	h2	text := encode(sha256('t2'), 'hex');
	h3	text := encode(sha256('t3'), 'hex');
	i	int;
BEGIN
	SELECT user_id INTO uid
	FROM api.auth_login_check('EMPLOYER@demo.jobbro.dk', '10.0.0.1');
	ASSERT uid = 'a0000000-0000-4000-8000-000000000002', 'login lookup';
	ASSERT (SELECT user_id IS NULL AND retry_after = 0
	    FROM api.auth_login_check('nobody@x.dk', '10.0.0.1')),
	    'unknown email';
	-- 5 attempts per account and address, counted before the check.
	FOR i IN 2..5 LOOP
		ASSERT (SELECT retry_after FROM api.auth_login_check(
		    'Nobody@X.dk', '10.0.0.1')) = 0, 'attempt ' || i;
	END LOOP;
	ASSERT (SELECT retry_after BETWEEN 899 AND 900
	    FROM api.auth_login_check('nobody@x.dk', '10.0.0.1')),
	    'the 6th attempt waits 15 minutes';
	ASSERT (SELECT user_id IS NULL AND password_hash IS NULL
	    FROM api.auth_login_check('nobody@x.dk', '10.0.0.1')),
	    'a blocked attempt gets no hash';
	ASSERT (SELECT retry_after FROM api.auth_login_check('nobody@x.dk',
	    '10.0.0.2')) = 0, 'another address is not locked out';
	ASSERT NOT EXISTS (SELECT 1 FROM login_attempts
	    WHERE key ILIKE '%nobody%'), 'no e-mail is stored';
	-- 20 per account from any address.
	FOR i IN 3..17 LOOP
		PERFORM api.auth_login_check('nobody@x.dk', '10.0.1.' || i);
	END LOOP;
	ASSERT (SELECT retry_after FROM api.auth_login_check('nobody@x.dk',
	    '10.0.2.1')) = 900, 'the account is locked after 20';
	-- Password grant and client_credentials: one account.
	FOR i IN 1..5 LOOP
		PERFORM api.auth_client_check(pid::text, '10.0.0.9');
	END LOOP;
	ASSERT (SELECT retry_after FROM api.auth_login_check(
	    'partner@demo.jobbro.dk', '10.0.0.9')) > 0,
	    'client_credentials and password count together';

	SELECT version INTO v FROM users WHERE id = uid;
	PERFORM api.auth_login_check('employer@demo.jobbro.dk', '10.0.0.3');
	c := api.auth_issue(uid, h1, 3600, '10.0.0.3');
	ASSERT c->>'role' = 'employer' AND c->>'sub' = uid::text
	    AND c->>'employer_id' = 'e0000000-0000-4000-8000-000000000001'
	    AND (c->>'ver')::int = 0, 'issue claims';
	ASSERT (SELECT version = v AND last_login_at IS NOT NULL FROM users
	    WHERE id = uid), 'a login does not change the ETag';
	ASSERT (SELECT attempts FROM login_attempts
	    WHERE key = api.throttle_key('acct:' || uid)) = 1,
	    'a success gives back its count';

	c := api.auth_refresh(h1, h2, 3600, 0);
	ASSERT c->>'sub' = uid::text, 'refresh rotates';
	c := api.auth_refresh(h1, h3, 3600, 10);
	ASSERT c->>'sub' = uid::text, 'reuse within the grace refreshes';
	ASSERT api.auth_refresh(h2, encode(sha256('t2b'), 'hex'), 3600,
	    10)->>'sub' = uid::text, '... and keeps the family';
	c := api.auth_refresh(h1, encode(sha256('t1b'), 'hex'), 3600, 0);
	ASSERT c->>'error' = 'invalid_grant', 'reuse after the grace is refused';
	ASSERT api.auth_refresh(h3, encode(sha256('t3b'), 'hex'), 3600,
	    0)->>'error' = 'invalid_grant', 'reuse revoked the family';

	PERFORM api.auth_issue(uid, encode(sha256('t3c'), 'hex'), -1, NULL);
	ASSERT api.auth_refresh(encode(sha256('t3c'), 'hex'),
	    encode(sha256('t4'), 'hex'), 60, 0)->>'error'
	    = 'invalid_grant', 'expired token';
	PERFORM api.auth_revoke(encode(sha256('unknown'), 'hex'), NULL);
	PERFORM api.auth_issue(uid, encode(sha256('t5'), 'hex'), 60, NULL);
	PERFORM api.auth_revoke(encode(sha256('t5'), 'hex'), NULL);
	ASSERT api.auth_refresh(encode(sha256('t5'), 'hex'),
	    encode(sha256('t6'), 'hex'), 60, 0)->>'error' = 'invalid_grant',
	    'revoked token';

	-- Sessions: a token is good while its ver is the user's.
	ASSERT api.session(jsonb_build_object('sub', uid, 'ver', 0,
	    'role', 'employer'))->>'sub' = uid::text, 'session ok';
	ASSERT current_setting('jobbro.ctx', true)::jsonb->>'sub' = uid::text,
	    'the session is the transaction''s actor';
	ASSERT api.session('{"role":"anonymous"}')->>'role' = 'anonymous',
	    'anonymous passes';
	UPDATE users SET name = 'Renamed' WHERE id = uid;
	ASSERT (SELECT token_version FROM users WHERE id = uid) = 0,
	    'a rename is no security change';
	PERFORM api.auth_issue(uid, encode(sha256('t7'), 'hex'), 60, NULL);
	UPDATE users SET password_hash = 'x' WHERE id = uid;
	ASSERT (SELECT token_version FROM users WHERE id = uid) = 1,
	    'a password change bumps the version';
	ASSERT (SELECT revoked_at IS NOT NULL FROM refresh_tokens
	    WHERE token_hash = encode(sha256('t7'), 'hex')),
	    '... and revokes refresh tokens';
	BEGIN
		PERFORM api.session(jsonb_build_object('sub', uid, 'ver', 0));
		RAISE EXCEPTION 'an old token passed';
	EXCEPTION WHEN SQLSTATE 'JB401' THEN
		NULL;
	END;
	UPDATE users SET role = 'consultant', employer_id = NULL,
	    municipality_codes = '{0101}' WHERE id = uid;
	UPDATE users SET municipality_codes = '{0101,0147}' WHERE id = uid;
	UPDATE users SET active = false WHERE id = uid;
	ASSERT (SELECT token_version FROM users WHERE id = uid) = 4,
	    'role, scope and deactivation bump it';
	BEGIN
		PERFORM api.session(jsonb_build_object('sub', uid, 'ver', 4));
		RAISE EXCEPTION 'an inactive user passed';
	EXCEPTION WHEN SQLSTATE 'JB401' THEN
		NULL;
	END;
	BEGIN
		PERFORM api.session(jsonb_build_object('sub', gen_random_uuid()));
		RAISE EXCEPTION 'a user that does not exist passed';
	EXCEPTION WHEN SQLSTATE 'JB401' THEN
		NULL;
	END;
	ASSERT (api.auth_logout_all(jsonb_build_object('sub', pid),
	    '{}')).status = 204, 'logout-all';
	ASSERT (SELECT token_version FROM users WHERE id = pid) = 1,
	    'logout-all bumps the version';

	uid := api.bootstrap_admin('root@x.dk', 'Root', 'h1');
	ASSERT api.bootstrap_admin('ROOT@x.dk', 'Other', 'h2') = uid,
	    'bootstrap admin finds the user by email';
	ASSERT (SELECT role = 'admin' AND password_hash = 'h2' AND name = 'Root'
	    FROM users WHERE id = uid), 'bootstrap admin is idempotent';
	ASSERT api.ready() = 1, 'ready';
END
$$;

\echo 'tests/sql/auth.sql: all assertions passed'
