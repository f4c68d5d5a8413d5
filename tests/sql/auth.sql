-- tests/sql/auth.sql — api.auth_login_check and auth_login_failed (lookup
-- by email, throttling), auth_issue (claims; a login keeps the ETag),
-- auth_refresh (rotation; reuse revokes the family; expiry), auth_revoke,
-- bootstrap_admin (idempotent); and api.ready (sql/api/helpers.sql).
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
	c	json;
	v	int;
	h1	text := encode(sha256('t1'), 'hex');
	h2	text := encode(sha256('t2'), 'hex');
	h3	text := encode(sha256('t3'), 'hex');
	i	int;
BEGIN
	SELECT user_id INTO uid FROM api.auth_login_check('EMPLOYER@demo.jobbro.dk');
	ASSERT uid = 'a0000000-0000-4000-8000-000000000002', 'login lookup';
	ASSERT (SELECT user_id IS NULL AND retry_after = 0
	    FROM api.auth_login_check('nobody@x.dk')), 'unknown email';
	FOR i IN 1..5 LOOP
		PERFORM api.auth_login_failed('Nobody@X.dk');
	END LOOP;
	ASSERT (SELECT retry_after BETWEEN 1 AND 2
	    FROM api.auth_login_check('nobody@x.dk')), 'throttled after 5';
	SELECT version INTO v FROM users WHERE id = uid;

	c := api.auth_issue(uid, h1, 3600);
	ASSERT c->>'role' = 'employer' AND c->>'sub' = uid::text
	    AND c->>'employer_id' = 'e0000000-0000-4000-8000-000000000001',
	    'issue claims';
	ASSERT (SELECT version = v AND last_login_at IS NOT NULL FROM users
	    WHERE id = uid), 'a login does not change the ETag';

	c := api.auth_refresh(h1, h2, 3600);
	ASSERT c->>'sub' = uid::text, 'refresh rotates';
	c := api.auth_refresh(h1, h3, 3600);
	ASSERT c->>'error' = 'invalid_grant', 'reuse is refused';
	ASSERT api.auth_refresh(h2, h3, 3600)->>'error' = 'invalid_grant',
	    'reuse revoked the family';

	PERFORM api.auth_issue(uid, h3, -1);
	ASSERT api.auth_refresh(h3, encode(sha256('t4'), 'hex'), 60)->>'error'
	    = 'invalid_grant', 'expired token';
	PERFORM api.auth_revoke(encode(sha256('unknown'), 'hex'));
	PERFORM api.auth_issue(uid, encode(sha256('t5'), 'hex'), 60);
	PERFORM api.auth_revoke(encode(sha256('t5'), 'hex'));
	ASSERT api.auth_refresh(encode(sha256('t5'), 'hex'),
	    encode(sha256('t6'), 'hex'), 60)->>'error' = 'invalid_grant',
	    'revoked token';

	uid := api.bootstrap_admin('root@x.dk', 'Root', 'h1');
	ASSERT api.bootstrap_admin('ROOT@x.dk', 'Other', 'h2') = uid,
	    'bootstrap admin finds the user by email';
	ASSERT (SELECT role = 'admin' AND password_hash = 'h2' AND name = 'Root'
	    FROM users WHERE id = uid), 'bootstrap admin is idempotent';
	ASSERT api.ready() = 1, 'ready';
END
$$;

\echo 'tests/sql/auth.sql: all assertions passed'
