-- tests/sql/api_functions.sql — regression tests of the api.* functions.
-- Run against a migrated database loaded with sql/seed/municipalities.sql
-- and sql/seed/demo.sql:
--   psql -v ON_ERROR_STOP=1 -f tests/sql/api_functions.sql
-- Any wrong result raises and stops psql with a non-zero exit. Everything
-- runs in one transaction that is rolled back, so the data is unchanged.
\set QUIET on
\set ON_ERROR_STOP on
BEGIN;

\ir helpers.psql
\ir without_history.psql

-- ---------------------------------------------------------------- municipalities
DO $$
DECLARE
	r	api.result;
	anon	jsonb := pg_temp.ctx('anonymous');
BEGIN
	r := pg_temp.call('municipalities_list', anon, '{"query":{"limit":100}}');
	ASSERT r.status = 200 AND json_array_length(r.body) = 98
	    AND r.next_cursor IS NULL, 'all 98 municipalities on one page';
	ASSERT json_typeof(r.body) = 'array', 'a list body is the array of items';

	r := pg_temp.call('municipalities_list', anon, '{"query":{"limit":2}}');
	ASSERT r.next_cursor = '["0147"]', 'municipality cursor: ' || r.next_cursor;
	r := pg_temp.call('municipalities_list', anon,
	    jsonb_build_object('query', jsonb_build_object('limit', 2,
	    'cursor', r.next_cursor::jsonb)));
	ASSERT r.body->0->>'code' = '0151', 'second municipality page';

	r := pg_temp.call('municipalities_list', anon,
	    '{"query":{"limit":100,"region_code":"1081"}}');
	ASSERT json_array_length(r.body) = 11 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'region_code' <> '1081'), 'region filter';

	r := pg_temp.call('municipalities_get', anon, '{"id":"0101"}');
	ASSERT r.body::jsonb = '{"code":"0101","name":"København",
	    "region_code":"1084","region_name":"Region Hovedstaden"}',
	    'municipality json';
	PERFORM pg_temp.raises('municipalities_get', anon, '{"id":"9999"}',
	    'JB404');
END
$$;

-- ---------------------------------------------------------------- jobs: reading
DO $$
DECLARE
	r	api.result;
	anon	jsonb := pg_temp.ctx('anonymous');
	all_ids	text[];
	walked	text[] := '{}';
	args	jsonb := '{"query":{"limit":7}}';
	pages	int := 0;
BEGIN
	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100}}');
	all_ids := pg_temp.ids(r.body);
	ASSERT cardinality(all_ids) = 19 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'status' <> 'published'), 'anonymous sees published only';
	ASSERT r.body->0->>'created_at' ~
	    '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$', 'RFC 3339 timestamps';

	LOOP	-- keyset pagination walks the same rows in the same order
		r := pg_temp.call('jobs_list', anon, args);
		walked := walked || pg_temp.ids(r.body);
		pages := pages + 1;
		EXIT WHEN r.next_cursor IS NULL OR pages > 10;
		args := jsonb_set(args, '{query,cursor}', r.next_cursor::jsonb);
	END LOOP;
	ASSERT pages = 3 AND walked = all_ids, 'pagination walks every job once';

	ASSERT json_array_length((pg_temp.call('jobs_list', pg_temp.ctx('admin'),
	    '{"query":{"limit":100}}')).body) = 25, 'admin sees all jobs';
	ASSERT json_array_length((pg_temp.call('jobs_list',
	    pg_temp.ctx('consultant', '{0101}'),
	    '{"query":{"limit":100}}')).body) = 21,
	    'consultant: published + own municipality';
	ASSERT json_array_length((pg_temp.call('jobs_list',
	    pg_temp.ctx('employer', '{}', 'e0000000-0000-4000-8000-000000000001'),
	    '{"query":{"limit":100}}')).body) = 20,
	    'employer: published + own';
	ASSERT json_array_length((pg_temp.call('jobs_list', pg_temp.ctx('seeker'),
	    '{"query":{"limit":100,"status":"draft"}}')).body) = 0,
	    'seeker never sees drafts';

	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100,"q":"lager"}}');
	ASSERT pg_temp.ids(r.body) @> ARRAY['10b00000-0000-4000-8000-000000000018',
	    '10b00000-0000-4000-8000-000000000020'], 'full-text search q=lager';

	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100,
	    "near":{"lat":55.6761,"lon":12.5683},"radius_km":5}}');
	ASSERT json_array_length(r.body) = 6 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'municipality_code' <> '0101'), 'near København, 5 km';

	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100,
	    "job_type":"skaanejob","max_weekly_hours":10,"single_supervisor":true,
	    "municipality_code":"0101"}}');
	ASSERT json_array_length(r.body) = 3 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'job_type' <> 'skaanejob'
	       OR (x->>'weekly_hours')::numeric > 10), 'combined filters';

	PERFORM pg_temp.raises('jobs_get', anon,
	    '{"id":"10b00000-0000-4000-8000-000000000004"}', 'JB404');
	r := pg_temp.call('jobs_get',
	    pg_temp.ctx('employer', '{}', 'e0000000-0000-4000-8000-000000000001'),
	    '{"id":"10b00000-0000-4000-8000-000000000004"}');
	ASSERT r.status = 200 AND r.etag = '"1"'
	    AND r.body->>'status' = 'draft', 'employer sees own draft';
	r := pg_temp.call('jobs_get', anon,
	    '{"id":"10b00000-0000-4000-8000-000000000001"}');
	ASSERT r.body->'location'->>'lat' = '55.6927'
	    AND json_typeof(r.body->'hourly_wage_dkk') = 'number'
	    AND r.body->>'starts_on' = '2025-10-01'
	    AND json_typeof(r.body->'tasks') = 'array', 'job json shape';
END
$$;

-- ---------------------------------------------------------------- jobs: writing
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	cons	jsonb := pg_temp.ctx('consultant', '{0101,0751}');
	emp	jsonb := pg_temp.ctx('employer', '{}',
	    'e0000000-0000-4000-8000-000000000001');
	body	jsonb := '{"employer_id":"e0000000-0000-4000-8000-000000000001",
	    "title":"Test","description":"Testjob","job_type":"fleksjob",
	    "weekly_hours":12.5,"municipality_code":"0101",
	    "location":{"lat":55.69,"lon":12.55},"tasks":["a","b"]}';
	id	text;
BEGIN
	PERFORM pg_temp.raises('jobs_create', cons, jsonb_build_object('body',
	    body || '{"employer_id":"e0000000-0000-4000-8000-000000000003"}'),
	    'JB422', 'employer_id', 'not_found');
	PERFORM pg_temp.raises('jobs_create', emp, jsonb_build_object('body',
	    body || '{"employer_id":"e0000000-0000-4000-8000-000000000002"}'),
	    'JB422', 'employer_id', 'not_found');
	PERFORM pg_temp.raises('jobs_create', cons, jsonb_build_object('body',
	    body || '{"municipality_code":"0461"}'), 'JB422',
	    'municipality_code', 'out_of_scope');
	PERFORM pg_temp.raises('jobs_create', admin, jsonb_build_object('body',
	    body || '{"weekly_hours":40}'), '23514', 'jobs_weekly_hours_check');
	PERFORM pg_temp.raises('jobs_create', admin, jsonb_build_object('body',
	    body || '{"municipality_code":"0002"}'), '23503',
	    'jobs_municipality_code_fkey');

	r := pg_temp.call('jobs_create', cons, jsonb_build_object('body', body));
	id := r.body->>'id';
	ASSERT r.status = 201 AND r.etag = '"1"' AND r.body->>'status' = 'draft'
	    AND r.body->>'published_at' IS NULL
	    AND r.body->'location'->>'lon' = '12.55', 'create → 201 draft';

	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'if_match', '"7"', 'body', '{"title":"x"}'::jsonb), 'JB412');
	r := pg_temp.call('jobs_update', cons, jsonb_build_object('id', id,
	    'if_match', '"1"', 'body', '{"title":"Ny titel","location":null,
	    "hourly_wage_dkk":null}'::jsonb));
	ASSERT r.etag = '"2"' AND r.body->>'title' = 'Ny titel'
	    AND json_typeof(r.body->'location') = 'null'
	    AND r.body->>'description' = 'Testjob', 'merge patch bumps version';
	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"positions":0}'::jsonb), '23514', 'jobs_positions_check');
	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"municipality_code":"0851"}'::jsonb), 'JB422', 'municipality_code',
	    'out_of_scope');
	PERFORM pg_temp.raises('jobs_update', pg_temp.ctx('consultant', '{0461}'),
	    jsonb_build_object('id', id, 'body', '{"title":"x"}'::jsonb), 'JB404');

	r := pg_temp.call('jobs_publish', emp, jsonb_build_object('id', id));
	ASSERT r.body->>'status' = 'published'
	    AND r.body->>'published_at' IS NOT NULL, 'publish';
	PERFORM pg_temp.raises('jobs_publish', emp, jsonb_build_object('id', id),
	    'JB409');
	PERFORM pg_temp.raises('jobs_delete', admin, jsonb_build_object('id', id),
	    'JB409');
	r := pg_temp.call('jobs_close', admin,
	    jsonb_build_object('id', id, 'if_match', '*'));
	ASSERT r.body->>'status' = 'closed' AND r.etag = '"4"', 'close';
	PERFORM pg_temp.raises('jobs_close', admin, jsonb_build_object('id', id),
	    'JB409');

	r := pg_temp.call('jobs_create', admin, jsonb_build_object('body', body));
	r := pg_temp.call('jobs_delete', emp,
	    jsonb_build_object('id', r.body->>'id', 'if_match', '"1"'));
	ASSERT r.status = 204 AND r.body IS NULL, 'delete draft → 204';
END
$$;

-- ---------------------------------------------------------------- employers
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	emp	jsonb := pg_temp.ctx('employer', '{}',
	    'e0000000-0000-4000-8000-000000000001');
BEGIN
	r := pg_temp.call('employers_list', pg_temp.ctx('partner', '{0101}'),
	    '{"query":{"limit":100}}');
	ASSERT json_array_length(r.body) = 2 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'municipality_code' <> '0101'), 'partner employer scope';
	ASSERT pg_temp.ids((pg_temp.call('employers_list', emp,
	    '{"query":{"limit":100}}')).body)
	    = '{e0000000-0000-4000-8000-000000000001}', 'employer sees itself';
	ASSERT json_array_length((pg_temp.call('employers_list', admin,
	    '{"query":{"limit":100,"q":"HOTEL"}}')).body) = 1,
	    'name contains, any case';
	PERFORM pg_temp.raises('employers_get', emp,
	    '{"id":"e0000000-0000-4000-8000-000000000002"}', 'JB404');

	PERFORM pg_temp.raises('employers_create', admin, '{"body":{"name":"Dup",
	    "cvr":"28142471","municipality_code":"0101"}}', '23505',
	    'employers_cvr_key');
	PERFORM pg_temp.raises('employers_create',
	    pg_temp.ctx('consultant', '{0101}'), '{"body":{"name":"X",
	    "cvr":"26506867","municipality_code":"0751"}}', 'JB422',
	    'municipality_code', 'out_of_scope');
	r := pg_temp.call('employers_create', pg_temp.ctx('consultant', '{0101}'),
	    '{"body":{"name":"Ny ApS","cvr":"26506867","municipality_code":"0101",
	    "agreement_signed_on":"2025-01-02"}}');
	ASSERT r.status = 201 AND r.body->>'agreement_signed_on' = '2025-01-02'
	    AND r.body->>'notes' IS NULL, 'employer create';
	r := pg_temp.call('employers_delete', admin,
	    jsonb_build_object('id', r.body->>'id'));
	ASSERT r.status = 204, 'employer delete';
	PERFORM pg_temp.raises('employers_delete', admin,
	    '{"id":"e0000000-0000-4000-8000-000000000004"}', '23503',
	    'jobs_employer_id_fkey');

	r := pg_temp.call('employers_update', emp,
	    '{"id":"e0000000-0000-4000-8000-000000000001","body":{"notes":null,
	    "contact_phone":"+45 11 22 33 44"}}');
	ASSERT r.body->>'notes' IS NULL AND r.body->>'name' =
	    'Nørrebro Dagligvarer ApS', 'employer patches own company';
	PERFORM pg_temp.raises('employers_update', emp,
	    '{"id":"e0000000-0000-4000-8000-000000000002","body":{"notes":"x"}}',
	    'JB404');
END
$$;

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

ROLLBACK;
\echo 'tests/sql/api_functions.sql: all assertions passed'
