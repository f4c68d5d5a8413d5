-- tests/sql/users.sql — api.users_create (what each role requires, unique
-- email), users_get (scope), users_update (If-Match, deactivation) and
-- users_list (filters); with api.me (sql/api/auth.sql) of the user made
-- here, before and after it is deactivated.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/users.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

-- ---------------------------------------------------------------- users, me
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	hash	text := '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaA';
	id	text;
BEGIN
	PERFORM pg_temp.raises('users_create', admin, jsonb_build_object('body',
	    jsonb_build_object('email', 'c@x.dk', 'name', 'C', 'role',
	    'consultant', 'password_hash', hash)), 'JB422',
	    'municipality_codes', 'required');
	PERFORM pg_temp.raises('users_create', admin, jsonb_build_object('body',
	    jsonb_build_object('email', 'c@x.dk', 'name', 'C', 'role',
	    'employer', 'password_hash', hash)), 'JB422', 'employer_id',
	    'required');
	PERFORM pg_temp.raises('users_create', admin, jsonb_build_object('body',
	    jsonb_build_object('email', 'c@x.dk', 'name', 'C', 'role',
	    'partner', 'password_hash', hash, 'municipality_codes',
	    '["0101","0000"]'::jsonb)), 'JB422', 'municipality_codes',
	    'not_found');
	PERFORM pg_temp.raises('users_create', admin, jsonb_build_object('body',
	    jsonb_build_object('email', 'Consultant@Demo.Jobbro.dk', 'name',
	    'C', 'role', 'seeker', 'password_hash', hash)), '23505',
	    'users_email_key');
	PERFORM pg_temp.raises('users_get', pg_temp.ctx('consultant', '{0101}'),
	    '{"id":"a0000000-0000-4000-8000-000000000001"}', 'JB404');

	r := pg_temp.call('users_create', admin, jsonb_build_object('body',
	    jsonb_build_object('email', 'ny@x.dk', 'name', 'Ny', 'role',
	    'partner', 'password_hash', hash, 'municipality_codes',
	    '["0461"]'::jsonb)));
	id := r.body->>'id';
	ASSERT r.status = 201 AND NOT (r.body::jsonb ? 'password_hash')
	    AND r.body->'municipality_codes'->>0 = '0461', 'user create';

	r := pg_temp.call('me', pg_temp.ctx('partner', '{0461}', NULL, id), '{}');
	ASSERT r.body::jsonb = jsonb_build_object('id', id, 'email', 'ny@x.dk',
	    'name', 'Ny', 'role', 'partner', 'municipality_codes',
	    '["0461"]'::jsonb, 'employer_id', NULL, 'seeker_id', NULL), 'me';

	PERFORM pg_temp.raises('users_update', admin, jsonb_build_object('id', id,
	    'body', '{"municipality_codes":[]}'::jsonb), 'JB422', 'municipality_codes',
	    'required');
	PERFORM pg_temp.raises('users_update', admin, jsonb_build_object('id', id,
	    'if_match', '"2"', 'body', '{"active":false}'::jsonb), 'JB412');
	r := pg_temp.call('users_update', admin, jsonb_build_object('id', id,
	    'if_match', '"1"', 'body', '{"active":false}'::jsonb));
	ASSERT r.etag = '"2"' AND r.body->>'active' = 'false', 'deactivate';
	PERFORM pg_temp.raises('me', pg_temp.ctx('partner', '{0461}', NULL, id),
	    '{}', 'JB404');

	r := pg_temp.call('users_list', admin,
	    '{"query":{"limit":100,"role":"partner","active":true}}');
	ASSERT pg_temp.ids(r.body) = '{a0000000-0000-4000-8000-000000000004}',
	    'users filters';
END
$$;

\echo 'tests/sql/users.sql: all assertions passed'
