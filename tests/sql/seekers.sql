-- tests/sql/seekers.sql — api.seekers_list (scope per role, filters, keyset
-- pages), seekers_get (JSON, scope), seekers_create (defaults per role,
-- consents, age, consultant, constraints) and seekers_update (If-Match,
-- what a seeker may change themselves, scope, rules), and the table rules
-- of users.seeker_id. The seeker's stage is tested with the caseloads
-- (caseloads.sql).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/seekers.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

-- The number of items of a seekers_list call (limit 100).
CREATE FUNCTION pg_temp.n(ctx jsonb, query jsonb) RETURNS int
LANGUAGE sql AS $$
	SELECT cardinality(pg_temp.list('seekers_list', ctx, query))
$$;

-- Demo: Karin (user 1, consultant, 0101+0751), Emil (seeker 01, 0101, on
-- Karin's caseload), Ida (04, 0101, no consultant), Freja (08, 0751).

-- ---------------------------------------------------------------- reading
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	all_ids	text[];
	walked	text[] := '{}';
	args	jsonb := '{"query":{"limit":5}}';
	pages	int := 0;
	other	text := gen_random_uuid()::text;
BEGIN
	-- Scope per role.
	r := pg_temp.call('seekers_list', admin, '{"query":{"limit":100}}');
	all_ids := pg_temp.ids(r.body);
	ASSERT r.status = 200 AND json_typeof(r.body) = 'array'
	    AND cardinality(all_ids) = 12 AND r.next_cursor IS NULL
	    AND r.etag IS NULL, 'admin sees all 12 demo seekers on one page';
	ASSERT all_ids[1] = pg_temp.seeker(12) AND all_ids[2] = pg_temp.seeker(11)
	    AND all_ids[12] = pg_temp.seeker(1),
	    'order created_at DESC, id DESC (11 and 12 share created_at)';
	ASSERT pg_temp.n(pg_temp.ctx('consultant', '{0101,0751}',
	    sub => pg_temp.user_id(1)), '{}') = 12,
	    'consultant: both municipalities';
	ASSERT pg_temp.n(pg_temp.ctx('consultant', '{0751}',
	    sub => pg_temp.user_id(1)), '{}') = 11,
	    'consultant: 0751 + own caseload in 0101';
	ASSERT pg_temp.n(pg_temp.ctx('consultant', '{0751}', sub => other), '{}') = 5,
	    'another consultant: 0751 only';
	ASSERT pg_temp.n(pg_temp.ctx('consultant', '{0461}', sub => other), '{}') = 0,
	    'consultant elsewhere sees none';
	ASSERT pg_temp.n(pg_temp.ctx('partner', '{0101}'), '{}') = 7,
	    'partner: own municipality';
	ASSERT pg_temp.n(pg_temp.ctx('employer'), '{}') = 0,
	    'employer sees none';
	ASSERT pg_temp.ids((pg_temp.call('seekers_list',
	    pg_temp.ctx('seeker', '{}', seeker => pg_temp.seeker(1)),
	    '{"query":{"limit":100}}')).body) = ARRAY[pg_temp.seeker(1)],
	    'seeker sees only themselves';

	-- Filters.
	ASSERT pg_temp.n(admin, '{"municipality_code":"0751"}') = 5,
	    'municipality filter';
	ASSERT pg_temp.n(admin, jsonb_build_object('consultant_id',
	    pg_temp.user_id(1))) = 10, 'consultant filter';
	ASSERT pg_temp.n(admin, '{"status":"paused"}') = 2, 'status filter';
	ASSERT pg_temp.ids((pg_temp.call('seekers_list', admin,
	    '{"query":{"limit":100,"q":"SØREN"}}')).body)
	    = ARRAY[pg_temp.seeker(1)], 'q: last name contains, any case';
	ASSERT pg_temp.n(admin, '{"q":"fre"}') = 2, 'q: first names (Frederik, Freja)';
	ASSERT pg_temp.n(admin, '{"q":"emil sør"}') = 0,
	    'q matches first or last name, not both';
	ASSERT pg_temp.n(admin, '{"municipality_code":"0101","status":"active",
	    "q":"sen"}') = 5, 'combined filters';

	-- Keyset pagination walks the same rows in the same order.
	LOOP
		r := pg_temp.call('seekers_list', admin, args);
		walked := walked || pg_temp.ids(r.body);
		pages := pages + 1;
		EXIT WHEN r.next_cursor IS NULL OR pages > 10;
		ASSERT r.next_cursor::jsonb = jsonb_build_array(
		    r.body->4->>'created_at', r.body->4->>'id'), 'cursor = last row';
		args := jsonb_set(args, '{query,cursor}', r.next_cursor::jsonb);
	END LOOP;
	ASSERT pages = 3 AND walked = all_ids, 'pagination walks every seeker once';
	r := pg_temp.call('seekers_list', admin, '{"query":{"limit":11}}');
	ASSERT r.next_cursor IS NOT NULL AND (pg_temp.call('seekers_list', admin,
	    jsonb_build_object('query', jsonb_build_object('limit', 11,
	    'cursor', r.next_cursor::jsonb)))).body->0->>'id' = pg_temp.seeker(1),
	    'tie on created_at is broken by id';

	-- Get, scope, JSON.
	r := pg_temp.call('seekers_get', pg_temp.ctx('seeker', '{}',
	    seeker => pg_temp.seeker(1)),
	    jsonb_build_object('id', pg_temp.seeker(1)));
	ASSERT r.status = 200 AND r.etag = '"1"', 'seeker reads themselves';
	ASSERT r.body::jsonb = jsonb_build_object(
	    'id', pg_temp.seeker(1), 'first_name', 'Emil', 'last_name', 'Sørensen',
	    'birth_date', '1998-04-12', 'email', 'emil.soerensen@example.dk',
	    'phone', '+45 22 41 18 07', 'municipality_code', '0101',
	    'consultant_id', pg_temp.user_id(1), 'external_reference', null,
	    'support_person', '{"name":"Lone Sørensen","relation":"mor",
	        "phone":"+45 40 12 77 31"}'::jsonb,
	    'benefit_type', 'foertidspension', 'monthly_benefit_dkk', 17800,
	    'preferences', '{"max_weekly_hours":12,"job_types":["skaanejob"],
	        "interests":["butik","lager","fodbold"],
	        "travel_radius_km":10}'::jsonb,
	    'location', '{"lat":55.695,"lon":12.55}'::jsonb,
	    'support_needs', '["fast arbejdsplan","én fast kontaktperson",
	        "billedstøttet instruktion"]'::jsonb,
	    'needs_single_supervisor', true, 'easy_read', true,
	    'consents', '{"processing":true,"share_with_employers":true}'::jsonb,
	    'status', 'active', 'stage', 'in_review',
	    'created_at', '2025-08-11T08:00:00.000000Z',
	    'updated_at', '2025-08-11T08:00:00.000000Z'), 'seeker json: ' || r.body;
	r := pg_temp.call('seekers_get', admin, jsonb_build_object('id',
	    pg_temp.seeker(4)));
	ASSERT json_typeof(r.body->'support_person') = 'null'
	    AND json_typeof(r.body->'location') = 'null'
	    AND json_typeof(r.body->'consultant_id') = 'null'
	    AND json_typeof(r.body->'email') = 'null'
	    AND (SELECT count(*) FROM json_object_keys(r.body)) = 22,
	    'null keys are present';

	PERFORM pg_temp.raises('seekers_get', pg_temp.ctx('seeker', '{}',
	    seeker => pg_temp.seeker(1)),
	    jsonb_build_object('id', pg_temp.seeker(2)), 'JB404');
	PERFORM pg_temp.raises('seekers_get', pg_temp.ctx('seeker'),
	    jsonb_build_object('id', pg_temp.seeker(1)), 'JB404');
	PERFORM pg_temp.raises('seekers_get', pg_temp.ctx('partner', '{0101}'),
	    jsonb_build_object('id', pg_temp.seeker(8)), 'JB404');
	PERFORM pg_temp.raises('seekers_get', pg_temp.ctx('employer'),
	    jsonb_build_object('id', pg_temp.seeker(1)), 'JB404');
	PERFORM pg_temp.raises('seekers_get', pg_temp.ctx('consultant', '{0751}',
	    sub => other), jsonb_build_object('id', pg_temp.seeker(1)), 'JB404');
	ASSERT (pg_temp.call('seekers_get', pg_temp.ctx('consultant', '{0751}',
	    sub => pg_temp.user_id(1)),
	    jsonb_build_object('id', pg_temp.seeker(1)))).status = 200,
	    'consultant reads own caseload outside their municipalities';
	ASSERT (pg_temp.call('seekers_get', pg_temp.ctx('partner', '{0101}'),
	    jsonb_build_object('id', pg_temp.seeker(4)))).status = 200,
	    'partner reads in municipality';
	PERFORM pg_temp.raises('seekers_get', admin,
	    jsonb_build_object('id', gen_random_uuid()), 'JB404');
END
$$;

-- ---------------------------------------------------------------- create
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	cons	jsonb := pg_temp.ctx('consultant', '{0101}',
	    sub => pg_temp.user_id(1));
	part	jsonb := pg_temp.ctx('partner', '{0101}');
	body	jsonb := '{"first_name":"Anna","last_name":"Holm",
	    "birth_date":"2000-05-05","municipality_code":"0101",
	    "consents":{"processing":true,"share_with_employers":false}}';
	other	uuid;
	b	jsonb;
BEGIN
	-- Defaults.
	r := pg_temp.call('seekers_create', admin, jsonb_build_object('body', body));
	ASSERT r.status = 201 AND r.etag = '"1"' AND r.next_cursor IS NULL,
	    'create → 201 with ETag';
	ASSERT r.body::jsonb - '{id,created_at,updated_at}'::text[] =
	    '{"first_name":"Anna","last_name":"Holm","birth_date":"2000-05-05",
	    "email":null,"phone":null,"municipality_code":"0101",
	    "consultant_id":null,"external_reference":null,
	    "support_person":null,"benefit_type":"none",
	    "monthly_benefit_dkk":null,"preferences":{"max_weekly_hours":null,
	    "job_types":[],"interests":[],"travel_radius_km":null},
	    "location":null,"support_needs":[],"needs_single_supervisor":false,
	    "easy_read":false,"consents":{"processing":true,
	    "share_with_employers":false},"status":"active",
	    "stage":"searching"}',
	    'create defaults: ' || r.body;
	ASSERT r.body->>'created_at' = r.body->>'updated_at'
	    AND r.body->>'created_at' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$',
	    'timestamps';

	-- Consultant: on their caseload unless said otherwise.
	r := pg_temp.call('seekers_create', cons, jsonb_build_object('body', body));
	ASSERT r.body->>'consultant_id' = pg_temp.user_id(1),
	    'consultant_id defaults to the creating consultant';
	r := pg_temp.call('seekers_create', cons, jsonb_build_object('body',
	    body || '{"consultant_id":null}'));
	ASSERT json_typeof(r.body->'consultant_id') = 'null',
	    'explicit null consultant_id is kept';
	PERFORM pg_temp.raises('seekers_create', cons, jsonb_build_object('body',
	    body || '{"municipality_code":"0751"}'), 'JB422', 'municipality_code',
	    'out_of_scope');

	-- Partner: in their municipalities, no consultant.
	r := pg_temp.call('seekers_create', part, jsonb_build_object('body', body));
	ASSERT r.status = 201 AND json_typeof(r.body->'consultant_id') = 'null',
	    'partner creates without consultant';
	r := pg_temp.call('seekers_create', part, jsonb_build_object('body',
	    body || '{"consultant_id":null}'));
	ASSERT r.status = 201, 'partner may send consultant_id null';
	PERFORM pg_temp.raises('seekers_create', part, jsonb_build_object('body',
	    body || jsonb_build_object('consultant_id', pg_temp.user_id(1))),
	    'JB422', 'consultant_id', 'read_only');
	PERFORM pg_temp.raises('seekers_create', part, jsonb_build_object('body',
	    body || '{"municipality_code":"0751"}'), 'JB422', 'municipality_code',
	    'out_of_scope');

	-- Other roles.
	PERFORM pg_temp.raises('seekers_create', pg_temp.ctx('seeker'),
	    jsonb_build_object('body', body), 'JB403');
	PERFORM pg_temp.raises('seekers_create', pg_temp.ctx('employer'),
	    jsonb_build_object('body', body), 'JB403');

	-- Rules.
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || '{"consents":{"processing":false,"share_with_employers":true}}'),
	    'JB422', 'consents.processing', 'invalid_value');
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body - 'consents'), 'JB422', 'consents', 'required');
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || jsonb_build_object('birth_date',
	    current_date - interval '15 years' + interval '1 day')), 'JB422',
	    'birth_date', 'out_of_range');
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || jsonb_build_object('birth_date',
	    current_date - interval '101 years')), 'JB422', 'birth_date',
	    'out_of_range');
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || jsonb_build_object('birth_date', current_date + 1)), 'JB422',
	    'birth_date', 'out_of_range');
	ASSERT (pg_temp.call('seekers_create', admin, jsonb_build_object('body',
	    body || jsonb_build_object('birth_date',
	    (current_date - interval '15 years')::date)))).status = 201,
	    '15 today is old enough';
	ASSERT (pg_temp.call('seekers_create', admin, jsonb_build_object('body',
	    body || jsonb_build_object('birth_date',
	    (current_date - interval '101 years' + interval '1 day')::date))))
	    .status = 201, '100 (until the 101st birthday) is not too old';
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || '{"status":"placed"}'), 'JB422', 'status', 'invalid_value');
	ASSERT (pg_temp.call('seekers_create', admin, jsonb_build_object('body',
	    body || '{"status":"paused"}'))).body->>'status' = 'paused',
	    'status paused on create';
	-- consultant_id must be an active consultant.
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || jsonb_build_object('consultant_id', gen_random_uuid())),
	    'JB422', 'consultant_id', 'not_found');
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || '{"consultant_id":"a0000000-0000-4000-8000-000000000004"}'),
	    'JB422', 'consultant_id', 'not_found');	-- a partner
	INSERT INTO users (email, name, role, password_hash, municipality_codes,
	    active)
	VALUES ('old@x.dk', 'Old', 'consultant', 'x', '{0101}', false)
	RETURNING id INTO other;
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || jsonb_build_object('consultant_id', other)), 'JB422',
	    'consultant_id', 'not_found');	-- inactive
	-- Unknown municipality: the foreign key.
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || '{"municipality_code":"0002"}'), '23503',
	    'seekers_municipality_code_fkey');
	-- Constraints behind C's validation.
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || '{"preferences":{"max_weekly_hours":40}}'), '23514',
	    'seekers_preferences_check');
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || '{"location":{"lat":91,"lon":0}}'), '23514',
	    'seekers_location_check');
	PERFORM pg_temp.raises('seekers_create', admin, jsonb_build_object('body',
	    body || '{"first_name":" "}'), '23514', 'seekers_first_name_check');

	-- Every field.
	b := body || jsonb_build_object('email', 'anna@example.dk',
	    'phone', '+45 11 22 33 44', 'consultant_id', pg_temp.user_id(1),
	    'external_reference', 'JC-42',
	    'support_person', '{"name":"Bo Holm"}'::jsonb,
	    'benefit_type', 'foertidspension', 'monthly_benefit_dkk', 15000.5,
	    'preferences', '{"max_weekly_hours":12.5,"job_types":["skaanejob",
	        "fleksjob"],"interests":["dyr"]}'::jsonb,
	    'location', '{"lat":55.7,"lon":12.5}'::jsonb,
	    'support_needs', '["fast arbejdsplan"]'::jsonb,
	    'needs_single_supervisor', true, 'easy_read', true,
	    'consents', '{"processing":true,"share_with_employers":true}'::jsonb);
	r := pg_temp.call('seekers_create', admin, jsonb_build_object('body', b));
	ASSERT r.body::jsonb - '{id,created_at,updated_at}'::text[] =
	    (b - 'support_person' - 'preferences') || jsonb_build_object(
	    'support_person', '{"name":"Bo Holm","relation":null,"phone":null}'::jsonb,
	    'preferences', '{"max_weekly_hours":12.5,"job_types":["skaanejob",
	        "fleksjob"],"interests":["dyr"],"travel_radius_km":null}'::jsonb,
	    'status', 'active', 'stage', 'searching'),
	    'every field round-trips: ' || r.body;
END
$$;

-- ---------------------------------------------------------------- update
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	cons	jsonb := pg_temp.ctx('consultant', '{0751}',
	    sub => pg_temp.user_id(1));
	me	jsonb := pg_temp.ctx('seeker', '{}',
	    sub => 'a0000000-0000-4000-8000-000000000003',
	    seeker => pg_temp.seeker(1));
	emil	text := pg_temp.seeker(1);
	f	text;
BEGIN
	-- If-Match.
	PERFORM pg_temp.raises('seekers_update', admin, jsonb_build_object('id',
	    emil, 'if_match', '"2"', 'body', '{"phone":null}'::jsonb), 'JB412');
	r := pg_temp.call('seekers_update', admin, jsonb_build_object('id', emil,
	    'if_match', 'W/"x", "1"', 'body', '{"phone":null}'::jsonb));
	ASSERT r.status = 200 AND r.etag = '"2"'
	    AND json_typeof(r.body->'phone') = 'null'
	    AND r.body->>'email' = 'emil.soerensen@example.dk'
	    AND r.body->>'updated_at' > r.body->>'created_at',
	    'merge patch with If-Match bumps the version';
	r := pg_temp.call('seekers_update', admin, jsonb_build_object('id', emil,
	    'if_match', '*', 'body', '{}'::jsonb));
	ASSERT r.etag = '"3"', 'If-Match *';

	-- A seeker edits themselves, but not what the municipality decides.
	r := pg_temp.call('seekers_update', me, jsonb_build_object('id', emil,
	    'body', '{"phone":"+45 99 88 77 66","easy_read":false,
	    "preferences":{"interests":["bager"]},
	    "support_person":{"name":"Lone Sørensen","relation":"mor"},
	    "consents":{"processing":true,"share_with_employers":false}}'::jsonb));
	ASSERT r.body->>'phone' = '+45 99 88 77 66'
	    AND r.body->>'easy_read' = 'false'
	    AND (r.body->'preferences')::jsonb = '{"max_weekly_hours":null,
	        "job_types":[],"interests":["bager"],"travel_radius_km":null}'
	    AND (r.body->'support_person')::jsonb = '{"name":"Lone Sørensen",
	        "relation":"mor","phone":null}'
	    AND r.body->'consents'->>'share_with_employers' = 'false'
	    AND r.body->>'benefit_type' = 'foertidspension',
	    'seeker patches own profile; nested objects are replaced whole';
	FOREACH f IN ARRAY ARRAY['consultant_id', 'benefit_type',
	    'monthly_benefit_dkk', 'status', 'municipality_code'] LOOP
		PERFORM pg_temp.raises('seekers_update', me, jsonb_build_object('id',
		    emil, 'body', jsonb_build_object('phone', 'x', f, NULL)),
		    'JB422', f, 'read_only');
	END LOOP;
	PERFORM pg_temp.raises('seekers_update', me, jsonb_build_object('id', emil,
	    'body', '{"status":"active","benefit_type":"none"}'::jsonb), 'JB422',
	    'benefit_type', 'read_only');	-- the first in the documented order
	PERFORM pg_temp.raises('seekers_update', me, jsonb_build_object('id',
	    pg_temp.seeker(2), 'body', '{"phone":null}'::jsonb), 'JB404');
	PERFORM pg_temp.raises('seekers_update', me, jsonb_build_object('id', emil,
	    'body', '{"consents":{"processing":false,
	    "share_with_employers":false}}'::jsonb), 'JB422',
	    'consents.processing', 'invalid_value');

	-- Scope of changes.
	PERFORM pg_temp.raises('seekers_update', pg_temp.ctx('partner', '{0101}'),
	    jsonb_build_object('id', emil, 'body', '{"phone":null}'::jsonb),
	    'JB404');
	PERFORM pg_temp.raises('seekers_update', pg_temp.ctx('consultant',
	    '{0751}', sub => gen_random_uuid()::text), jsonb_build_object('id', emil,
	    'body', '{"phone":null}'::jsonb), 'JB404');
	PERFORM pg_temp.raises('seekers_update', pg_temp.ctx('employer'),
	    jsonb_build_object('id', emil, 'body', '{"phone":null}'::jsonb),
	    'JB404');

	-- Consultant on their caseload outside their municipalities.
	r := pg_temp.call('seekers_update', cons, jsonb_build_object('id', emil,
	    'body', '{"status":"paused","benefit_type":"kontanthjaelp",
	    "monthly_benefit_dkk":12500,"municipality_code":"0101"}'::jsonb));
	ASSERT r.body->>'status' = 'paused'
	    AND r.body->>'benefit_type' = 'kontanthjaelp'
	    AND (r.body->>'monthly_benefit_dkk')::numeric = 12500,
	    'consultant patches caseload (unchanged municipality is no move)';
	PERFORM pg_temp.raises('seekers_update', cons, jsonb_build_object('id',
	    emil, 'body', '{"municipality_code":"0461"}'::jsonb), 'JB422',
	    'municipality_code', 'out_of_scope');
	r := pg_temp.call('seekers_update', cons, jsonb_build_object('id', emil,
	    'body', '{"municipality_code":"0751"}'::jsonb));
	ASSERT r.body->>'municipality_code' = '0751', 'move into own municipality';

	-- Rules.
	PERFORM pg_temp.raises('seekers_update', admin, jsonb_build_object('id',
	    emil, 'body', '{"status":"placed"}'::jsonb), 'JB422', 'status',
	    'invalid_value');
	PERFORM pg_temp.raises('seekers_update', admin, jsonb_build_object('id',
	    emil, 'body', jsonb_build_object('birth_date', current_date
	    - interval '10 years')), 'JB422', 'birth_date', 'out_of_range');
	PERFORM pg_temp.raises('seekers_update', admin, jsonb_build_object('id',
	    emil, 'body', jsonb_build_object('consultant_id',
	    'a0000000-0000-4000-8000-000000000002')), 'JB422', 'consultant_id',
	    'not_found');
	PERFORM pg_temp.raises('seekers_update', admin, jsonb_build_object('id',
	    emil, 'body', '{"municipality_code":"9999"}'::jsonb), '23503',
	    'seekers_municipality_code_fkey');
	r := pg_temp.call('seekers_update', admin, jsonb_build_object('id', emil,
	    'body', '{"consultant_id":null,"location":null,"support_needs":[],
	    "status":"inactive"}'::jsonb));
	ASSERT json_typeof(r.body->'consultant_id') = 'null'
	    AND json_typeof(r.body->'location') = 'null'
	    AND json_array_length(r.body->'support_needs') = 0
	    AND r.body->>'status' = 'inactive', 'set to null / empty';
	PERFORM pg_temp.raises('seekers_update', admin, jsonb_build_object('id',
	    gen_random_uuid(), 'body', '{}'::jsonb), 'JB404');

	-- A placed seeker (set by the system) may be patched otherwise.
	UPDATE seekers SET status = 'placed' WHERE id = pg_temp.seeker(8)::uuid;
	r := pg_temp.call('seekers_update', admin, jsonb_build_object('id',
	    pg_temp.seeker(8), 'body', '{"phone":null}'::jsonb));
	ASSERT r.body->>'status' = 'placed', 'placed stays placed';
END
$$;

-- ---------------------------------------------------------------- users.seeker_id
DO $$
BEGIN
	ASSERT (SELECT seeker_id FROM users WHERE email = 'seeker@demo.jobbro.dk')
	    = 'c0000000-0000-4000-8000-000000000001', 'demo seeker login linked';
	BEGIN
		UPDATE users SET seeker_id = gen_random_uuid()
		WHERE email = 'seeker@demo.jobbro.dk';
		RAISE EXCEPTION 'users.seeker_id accepted an unknown seeker';
	EXCEPTION WHEN foreign_key_violation THEN
		NULL;
	END;
	DELETE FROM seekers WHERE id = 'c0000000-0000-4000-8000-000000000001';
	ASSERT (SELECT seeker_id IS NULL FROM users
	    WHERE email = 'seeker@demo.jobbro.dk'), 'ON DELETE SET NULL';
	BEGIN
		INSERT INTO seekers (first_name, last_name, birth_date,
		    municipality_code, consents_processing)
		VALUES ('A', 'B', '2000-01-01', '0101', false);
		RAISE EXCEPTION 'a seeker without consent was stored';
	EXCEPTION WHEN check_violation THEN
		NULL;
	END;
END
$$;

\echo 'tests/sql/seekers.sql: all assertions passed'
