-- tests/sql/placements.sql — regression tests of api.placements_* and
-- api.follow_ups_* (0006_placements). Run inside a transaction that is
-- rolled back, on a migrated database loaded with sql/seed/municipalities.sql
-- and sql/seed/demo.sql:
--   psql -v ON_ERROR_STOP=1 -c 'BEGIN' -f tests/sql/placements.sql -c 'ROLLBACK'
-- (or BEGIN; \i tests/sql/placements.sql; ROLLBACK;). Any wrong result
-- raises and stops psql with a non-zero exit.
\set QUIET on
\set ON_ERROR_STOP on
\ir helpers.psql
\ir demo.psql
\ir without_history.psql

-- Demo ids: placement b1…01 (Freja, application d…06, job 10b…05 of
-- employer e…02, started 7 months before the seed load), follow-ups
-- b2…01..05 (months 1, 3 done; 6 overdue; 12, 24 pending).
CREATE FUNCTION pg_temp.pl(n int) RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.uid('b1000000', n) $$;
CREATE FUNCTION pg_temp.fu(n int) RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.uid('b2000000', n) $$;

CREATE FUNCTION pg_temp.canteen() RETURNS jsonb
LANGUAGE sql AS $$
	SELECT pg_temp.ctx('employer',
	    employer => 'e0000000-0000-4000-8000-000000000002',
	    sub => gen_random_uuid()::text)
$$;
CREATE FUNCTION pg_temp.freja() RETURNS jsonb
LANGUAGE sql AS $$
	SELECT pg_temp.ctx('seeker', sub => gen_random_uuid()::text,
	    seeker => pg_temp.seeker(8))
$$;

-- The ids of a list call (limit 100).
CREATE FUNCTION pg_temp.list(fn text, ctx jsonb, query jsonb DEFAULT '{}')
RETURNS text[]
LANGUAGE sql AS $$
	SELECT pg_temp.ids((pg_temp.call(fn, ctx,
	    jsonb_build_object('query', '{"limit":100}'::jsonb || query))).body)
$$;

-- The message of the error api.<fn>(ctx, args) raises (state asserted).
CREATE FUNCTION pg_temp.message(fn text, ctx jsonb, args jsonb, state text)
RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	s	text;
	m	text;
BEGIN
	PERFORM pg_temp.call(fn, ctx, args);
	RAISE EXCEPTION '%(%) did not raise %', fn, args, state;
EXCEPTION WHEN OTHERS THEN
	GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE, m = MESSAGE_TEXT;
	IF s <> state THEN
		RAISE EXCEPTION '%(%) raised % (%), expected %', fn, args, s, m,
		    state;
	END IF;
	RETURN m;
END
$$;

-- A hire body.
CREATE FUNCTION pg_temp.hire(app text, start text DEFAULT '2027-01-31',
    extra jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_build_object('body', jsonb_build_object('application_id',
	    app, 'start_date', start, 'weekly_hours', 12,
	    'hourly_wage_dkk', 135.5, 'job_type', 'skaanejob') || extra)
$$;

-- An offered application of seeker s for job j (straight in; the chain of
-- transitions is tested in applications.sql).
CREATE FUNCTION pg_temp.offered(s int, j int) RETURNS text
LANGUAGE sql AS $$
	INSERT INTO applications (seeker_id, job_id, status)
	VALUES (pg_temp.seeker(s)::uuid, pg_temp.job(j)::uuid, 'offered')
	RETURNING id::text
$$;

-- ---------------------------------------------------------------------------
-- The demo placement: list, get, scope, JSON
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	p	json;
	start	date;
BEGIN
	r := pg_temp.call('placements_list', admin, '{"query":{"limit":100}}');
	ASSERT r.status = 200 AND json_typeof(r.body) = 'array'
	    AND r.next_cursor IS NULL AND r.etag IS NULL, 'list: bare array';
	ASSERT pg_temp.ids(r.body) = ARRAY[pg_temp.pl(1)], 'admin: the demo one';

	r := pg_temp.call('placements_get', admin,
	    jsonb_build_object('id', pg_temp.pl(1)));
	p := r.body;
	ASSERT r.status = 200 AND r.etag = '"1"', 'get';
	ASSERT (SELECT array_agg(k ORDER BY k) FROM json_object_keys(p) k)
	    = '{application_id,created_at,employer_id,end_date,end_reason,hourly_wage_dkk,id,job_id,job_type,seeker_id,start_date,status,updated_at,weekly_hours}',
	    'placement keys: ' || p;
	start := (p->>'start_date')::date;
	ASSERT p->>'application_id' = pg_temp.app(6)
	    AND p->>'seeker_id' = pg_temp.seeker(8)
	    AND p->>'job_id' = pg_temp.job(5)
	    AND p->>'employer_id' = 'e0000000-0000-4000-8000-000000000002'
	    AND p->>'status' = 'active' AND json_typeof(p->'end_date') = 'null'
	    AND json_typeof(p->'weekly_hours') = 'number'
	    AND start < current_date - 180 AND start > current_date - 240,
	    'demo placement: ' || p;

	-- Seed consistency: hired + event, job filled 1 of 2, Freja placed.
	ASSERT (SELECT status FROM applications WHERE id = pg_temp.app(6)::uuid)
	    = 'hired', 'seed: application hired';
	ASSERT (SELECT to_status || '/' || reason FROM application_events
	    WHERE application_id = pg_temp.app(6)::uuid ORDER BY at DESC, id DESC
	    LIMIT 1) = 'hired/hired', 'seed: hired event';
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(5)::uuid) = '1/published', 'seed: job filled';
	ASSERT (SELECT status FROM seekers WHERE id = pg_temp.seeker(8)::uuid)
	    = 'placed', 'seed: seeker placed';

	-- Scope.
	ASSERT pg_temp.list('placements_list', pg_temp.karin())
	    = ARRAY[pg_temp.pl(1)], 'consultant (0751)';
	ASSERT pg_temp.list('placements_list', pg_temp.canteen())
	    = ARRAY[pg_temp.pl(1)], 'employer of the job';
	ASSERT pg_temp.list('placements_list', pg_temp.freja())
	    = ARRAY[pg_temp.pl(1)], 'seeker: own';
	ASSERT pg_temp.list('placements_list', pg_temp.mette()) = '{}',
	    'other employer';
	ASSERT pg_temp.list('placements_list', pg_temp.ctx('partner', '{0101}',
	    sub => gen_random_uuid()::text)) = '{}', 'partner elsewhere';
	ASSERT pg_temp.list('placements_list', pg_temp.ctx('partner', '{0751}',
	    sub => gen_random_uuid()::text)) = ARRAY[pg_temp.pl(1)],
	    'partner of 0751';
	ASSERT pg_temp.list('placements_list', pg_temp.ctx('seeker',
	    seeker => pg_temp.seeker(1))) = '{}', 'other seeker';
	PERFORM pg_temp.raises('placements_get', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.pl(1)), 'JB404');
	PERFORM pg_temp.raises('placements_get', admin,
	    jsonb_build_object('id', gen_random_uuid()), 'JB404');

	-- Filters.
	ASSERT pg_temp.list('placements_list', admin, jsonb_build_object(
	    'seeker_id', pg_temp.seeker(8), 'job_id', pg_temp.job(5),
	    'employer_id', 'e0000000-0000-4000-8000-000000000002',
	    'status', 'active')) = ARRAY[pg_temp.pl(1)], 'all filters';
	ASSERT pg_temp.list('placements_list', admin, '{"status":"ended"}')
	    = '{}', 'status ended';
	ASSERT pg_temp.list('placements_list', admin, jsonb_build_object(
	    'job_id', pg_temp.job(1))) = '{}', 'job_id';
END
$$;

-- ---------------------------------------------------------------------------
-- The demo follow-ups: list order, computed status, filters, keyset, scope
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	f	json;
	walked	text[] := '{}';
	args	jsonb := '{"query":{"limit":2}}';
	pages	int := 0;
	all5	text[] := ARRAY[pg_temp.fu(1), pg_temp.fu(2), pg_temp.fu(3),
		    pg_temp.fu(4), pg_temp.fu(5)];
BEGIN
	r := pg_temp.call('follow_ups_list', admin, '{"query":{"limit":100}}');
	ASSERT r.status = 200 AND r.next_cursor IS NULL
	    AND pg_temp.ids(r.body) = all5, 'due_on ASC: ' || r.body;
	ASSERT (SELECT array_agg(x->>'status' ORDER BY (x->>'month')::int)
	    FROM json_array_elements(r.body) x)
	    = '{done,done,overdue,pending,pending}', 'statuses';
	ASSERT (SELECT array_agg((x->>'month')::int) FROM
	    json_array_elements(r.body) x) = '{1,3,6,12,24}', 'months';

	LOOP
		r := pg_temp.call('follow_ups_list', admin, args);
		walked := walked || pg_temp.ids(r.body);
		pages := pages + 1;
		EXIT WHEN r.next_cursor IS NULL;
		ASSERT r.next_cursor::jsonb->>0 ~ '^\d{4}-\d\d-\d\d$'
		    AND r.next_cursor::jsonb->>1 = walked[cardinality(walked)],
		    'cursor [due_on, id]: ' || r.next_cursor;
		args := jsonb_build_object('query', jsonb_build_object('limit', 2,
		    'cursor', r.next_cursor::jsonb));
	END LOOP;
	ASSERT pages = 3 AND walked = all5, 'keyset pages of 2 walk all 5';

	r := pg_temp.call('follow_ups_get', admin,
	    jsonb_build_object('id', pg_temp.fu(1)));
	f := r.body;
	ASSERT r.etag = '"2"' AND (SELECT array_agg(k ORDER BY k)
	    FROM json_object_keys(f) k) = '{completed_at,created_at,due_on,employer_satisfaction,id,month,needs_support,placement_id,seeker_id,seeker_satisfaction,social_notes,status,still_employed,updated_at,weekly_hours,wellbeing_notes}',
	    'follow-up keys: ' || f;
	ASSERT f->>'status' = 'done' AND (f->>'still_employed')::bool
	    AND f->>'completed_at' ~ '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$'
	    AND (f->>'due_on')::date = ((SELECT start_date FROM placements
	        WHERE id = pg_temp.pl(1)::uuid) + interval '1 month')::date,
	    'month 1: ' || f;

	ASSERT pg_temp.list('follow_ups_list', admin, '{"status":"overdue"}')
	    = ARRAY[pg_temp.fu(3)], 'overdue';
	ASSERT pg_temp.list('follow_ups_list', admin, '{"status":"pending"}')
	    = ARRAY[pg_temp.fu(4), pg_temp.fu(5)], 'pending (not overdue)';
	ASSERT pg_temp.list('follow_ups_list', admin, '{"status":"done"}')
	    = ARRAY[pg_temp.fu(1), pg_temp.fu(2)], 'done';
	ASSERT pg_temp.list('follow_ups_list', admin, '{"status":"missed"}')
	    = '{}', 'missed';
	ASSERT pg_temp.list('follow_ups_list', admin, jsonb_build_object(
	    'due_before', current_date)) = all5[1:3], 'due_before today';
	ASSERT pg_temp.list('follow_ups_list', admin, jsonb_build_object(
	    'consultant_id', 'a0000000-0000-4000-8000-000000000001',
	    'municipality_code', '0751', 'placement_id', pg_temp.pl(1)))
	    = all5, 'consultant_id, municipality_code, placement_id';
	ASSERT pg_temp.list('follow_ups_list', admin,
	    '{"municipality_code":"0101"}') = '{}', 'municipality_code';
	ASSERT pg_temp.list('follow_ups_list', admin, jsonb_build_object(
	    'consultant_id', gen_random_uuid())) = '{}', 'consultant_id';

	ASSERT pg_temp.list('follow_ups_list', pg_temp.karin()) = all5,
	    'consultant';
	ASSERT pg_temp.list('follow_ups_list', pg_temp.canteen()) = all5,
	    'employer of the job';
	ASSERT pg_temp.list('follow_ups_list', pg_temp.freja()) = all5,
	    'seeker own';
	ASSERT pg_temp.list('follow_ups_list', pg_temp.mette()) = '{}',
	    'other employer';
	PERFORM pg_temp.raises('follow_ups_get', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.fu(1)), 'JB404');
END
$$;

-- ---------------------------------------------------------------------------
-- The hire
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	m	text;
	karin	jsonb := pg_temp.karin();
	lucas	text := pg_temp.offered(9, 6);	-- job 6: 1 position (0751)
	william	text := pg_temp.offered(11, 6);
	p	json;
	n_ev	int;
BEGIN
	-- Role, visibility, state.
	PERFORM pg_temp.raises('placements_create', pg_temp.ctx('partner',
	    '{0751}'), pg_temp.hire(lucas), 'JB403');
	PERFORM pg_temp.raises('placements_create', pg_temp.freja(),
	    pg_temp.hire(lucas), 'JB403');
	PERFORM pg_temp.raises('placements_create', pg_temp.mette(),
	    pg_temp.hire(lucas), 'JB422', 'application_id', 'not_found');
	PERFORM pg_temp.raises('placements_create', karin,
	    pg_temp.hire(gen_random_uuid()::text), 'JB422', 'application_id',
	    'not_found');
	m := pg_temp.message('placements_create', karin,
	    pg_temp.hire(pg_temp.app(8)), 'JB409');
	ASSERT m = 'only an offered application can be hired; this one is '
	    || 'in_review', m;
	m := pg_temp.message('placements_create', karin,
	    pg_temp.hire(pg_temp.app(6)), 'JB409');
	ASSERT m LIKE '%this one is hired', m;
	-- Constraints back up C's validation.
	PERFORM pg_temp.raises('placements_create', karin,
	    pg_temp.hire(lucas, extra => '{"weekly_hours":40}'), '23514',
	    'placements_weekly_hours_check');
	PERFORM pg_temp.raises('placements_create', karin,
	    pg_temp.hire(lucas, extra => '{"hourly_wage_dkk":10001}'), '23514',
	    'placements_hourly_wage_dkk_check');

	-- The employer of the job hires Lucas for its only position.
	SELECT count(*) INTO n_ev FROM application_events
	WHERE application_id = lucas::uuid;
	r := pg_temp.call('placements_create', pg_temp.canteen(),
	    pg_temp.hire(lucas, extra => '{"hourly_wage_dkk":null}'));
	p := r.body;
	ASSERT r.status = 201 AND r.etag = '"1"' AND p->>'status' = 'active'
	    AND p->>'application_id' = lucas
	    AND p->>'seeker_id' = pg_temp.seeker(9)
	    AND p->>'job_id' = pg_temp.job(6)
	    AND p->>'employer_id' = 'e0000000-0000-4000-8000-000000000002'
	    AND p->>'start_date' = '2027-01-31' AND (p->>'weekly_hours')::numeric = 12
	    AND json_typeof(p->'hourly_wage_dkk') = 'null'
	    AND p->>'job_type' = 'skaanejob'
	    AND json_typeof(p->'end_reason') = 'null', 'created: ' || p;
	ASSERT (SELECT status FROM applications WHERE id = lucas::uuid)
	    = 'hired', 'application hired';
	ASSERT (SELECT count(*) FROM application_events
	    WHERE application_id = lucas::uuid) = n_ev + 1
	    AND (SELECT from_status || '>' || to_status || '/' || reason
	        || '/' || (actor_id IS NOT NULL) FROM application_events
	        WHERE application_id = lucas::uuid ORDER BY id DESC LIMIT 1)
	    = 'offered>hired/hired/true', 'one hired event';
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(6)::uuid) = '1/filled', 'job filled';
	ASSERT (SELECT status FROM seekers WHERE id = pg_temp.seeker(9)::uuid)
	    = 'placed', 'seeker placed';
	-- Month offsets clamp to the month's end.
	ASSERT (SELECT array_agg(due_on::text || ':' || month || ':' || status
	    ORDER BY due_on) FROM follow_ups
	    WHERE placement_id = (p->>'id')::uuid) = ARRAY[
	    '2027-02-28:1:pending', '2027-04-30:3:pending',
	    '2027-07-31:6:pending', '2028-01-31:12:pending',
	    '2029-01-31:24:pending'], 'five follow-ups';
	ASSERT (SELECT bool_and(seeker_id = pg_temp.seeker(9)::uuid)
	    FROM follow_ups WHERE placement_id = (p->>'id')::uuid),
	    'follow-ups carry the seeker';

	-- No free position left for William.
	m := pg_temp.message('placements_create', karin, pg_temp.hire(william),
	    'JB409');
	ASSERT m = 'the job has no free positions', m;
	ASSERT (SELECT status FROM applications WHERE id = william::uuid)
	    = 'offered', 'the loser stays offered';

	-- Ending frees the position; then William can be hired.
	PERFORM pg_temp.call('placements_end', karin, jsonb_build_object(
	    'id', p->>'id', 'body', '{"end_date":"2027-03-01","reason":"quit"}'::jsonb));
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(6)::uuid) = '0/published', 'job published';
	r := pg_temp.call('placements_create', karin, pg_temp.hire(william));
	ASSERT r.status = 201, 'hire after a position freed up';
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(6)::uuid) = '1/filled', 'filled again';
END
$$;

-- ---------------------------------------------------------------------------
-- The end (undone afterwards, so the demo placement is active again)
-- ---------------------------------------------------------------------------
SAVEPOINT before_end;
DO $$
DECLARE
	r	api.result;
	m	text;
	karin	jsonb := pg_temp.karin();
	pid	text := pg_temp.pl(1);
	start	date := (SELECT start_date FROM placements
		    WHERE id = pg_temp.pl(1)::uuid);
	other	text;
	p	json;
BEGIN
	PERFORM pg_temp.raises('placements_end', pg_temp.mette(),
	    jsonb_build_object('id', pid, 'body', jsonb_build_object(
	    'end_date', current_date, 'reason', 'quit')), 'JB404');
	PERFORM pg_temp.raises('placements_end', pg_temp.freja(),
	    jsonb_build_object('id', pid, 'body', jsonb_build_object(
	    'end_date', current_date, 'reason', 'quit')), 'JB403');
	PERFORM pg_temp.raises('placements_end', karin,
	    jsonb_build_object('id', pid, 'if_match', '"7"',
	    'body', jsonb_build_object('end_date', current_date,
	    'reason', 'quit')), 'JB412');
	PERFORM pg_temp.raises('placements_end', karin,
	    jsonb_build_object('id', pid, 'body', jsonb_build_object(
	    'end_date', start - 1, 'reason', 'quit')), 'JB422', 'end_date',
	    'out_of_range');

	-- Freja has a second active placement (job 1, 1 of 2 positions):
	-- ending one keeps her placed.
	other := (pg_temp.call('placements_create', pg_temp.ctx('admin'),
	    pg_temp.hire(pg_temp.offered(8, 1)))).body->>'id';

	-- End between month 6 and 12 (the overdue month-6 one stays pending).
	r := pg_temp.call('placements_end', pg_temp.canteen(),
	    jsonb_build_object('id', pid, 'if_match', '"1"',
	    'body', jsonb_build_object('end_date', current_date,
	    'reason', 'contract_ended')));
	p := r.body;
	ASSERT r.status = 200 AND r.etag = '"2"' AND p->>'status' = 'ended'
	    AND (p->>'end_date')::date = current_date
	    AND p->>'end_reason' = 'contract_ended', 'ended: ' || p;
	ASSERT (SELECT array_agg(api.follow_up_status(status, due_on)
	    ORDER BY due_on) FROM follow_ups WHERE placement_id = pid::uuid)
	    = '{done,done,overdue,missed,missed}', 'later ones missed';
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(5)::uuid) = '0/published', 'job filled - 1';
	ASSERT (SELECT status FROM seekers WHERE id = pg_temp.seeker(8)::uuid)
	    = 'placed', 'another active placement: still placed';
	ASSERT (SELECT ended_by FROM placements t WHERE t.id = pid::uuid)
	    IS NOT NULL, 'ended_by: the caller';

	m := pg_temp.message('placements_end', karin, jsonb_build_object(
	    'id', pid, 'body', jsonb_build_object('end_date', current_date,
	    'reason', 'quit')), 'JB409');
	ASSERT m LIKE 'placement is ended%', m;

	-- Ending the last active one: Freja active again.
	PERFORM pg_temp.call('placements_end', karin, jsonb_build_object(
	    'id', other, 'body', '{"end_date":"2027-02-01","reason":"moved"}'::jsonb));
	ASSERT (SELECT status FROM seekers WHERE id = pg_temp.seeker(8)::uuid)
	    = 'active', 'no active placement left: active';
END
$$;
ROLLBACK TO SAVEPOINT before_end;

-- ---------------------------------------------------------------------------
-- Recording follow-ups
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	m	text;
	karin	jsonb := pg_temp.karin();
	f	json;
	pid	text;
	rec	jsonb := '{"still_employed":true,"weekly_hours":14.5,
		    "seeker_satisfaction":5,"employer_satisfaction":3,
		    "wellbeing_notes":"Godt","social_notes":null,
		    "needs_support":false}';
BEGIN
	PERFORM pg_temp.raises('follow_ups_record', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.fu(3), 'body', rec), 'JB404');
	PERFORM pg_temp.raises('follow_ups_record', pg_temp.canteen(),
	    jsonb_build_object('id', pg_temp.fu(3), 'body', rec), 'JB403');
	PERFORM pg_temp.raises('follow_ups_record', pg_temp.ctx('partner',
	    '{0751}'), jsonb_build_object('id', pg_temp.fu(3), 'body', rec),
	    'JB403');
	PERFORM pg_temp.raises('follow_ups_record', karin, jsonb_build_object(
	    'id', pg_temp.fu(3), 'if_match', '"9"', 'body', rec), 'JB412');

	-- The overdue one.
	r := pg_temp.call('follow_ups_record', karin, jsonb_build_object(
	    'id', pg_temp.fu(3), 'if_match', '"1"', 'body', rec));
	f := r.body;
	ASSERT r.status = 200 AND r.etag = '"2"' AND f->>'status' = 'done'
	    AND (f->>'completed_at')::timestamptz = now()
	    AND (f->>'still_employed')::bool AND (f->>'weekly_hours')::numeric = 14.5
	    AND (f->>'seeker_satisfaction')::int = 5
	    AND (f->>'employer_satisfaction')::int = 3
	    AND f->>'wellbeing_notes' = 'Godt'
	    AND json_typeof(f->'social_notes') = 'null'
	    AND f->>'needs_support' = 'false', 'recorded: ' || f;
	ASSERT (SELECT status FROM placements WHERE id = pg_temp.pl(1)::uuid)
	    = 'active', 'still employed: placement stays active';
	m := pg_temp.message('follow_ups_record', karin, jsonb_build_object(
	    'id', pg_temp.fu(3), 'body', rec), 'JB409');
	ASSERT m LIKE 'follow-up is done%', m;
	PERFORM pg_temp.raises('follow_ups_record', karin, jsonb_build_object(
	    'id', pg_temp.fu(4), 'body', rec || '{"seeker_satisfaction":6}'),
	    '23514', 'follow_ups_seeker_satisfaction_check');

	-- No longer employed: ends the placement today, reason other, exactly
	-- as placements_end does.
	r := pg_temp.call('follow_ups_record', karin, jsonb_build_object(
	    'id', pg_temp.fu(4), 'body', '{"still_employed":false}'::jsonb));
	ASSERT r.body->>'status' = 'done'
	    AND r.body->>'still_employed' = 'false'
	    AND json_typeof(r.body->'weekly_hours') = 'null', 'recorded false';
	ASSERT (SELECT status || '/' || end_date || '/' || end_reason
	    FROM placements WHERE id = pg_temp.pl(1)::uuid)
	    = 'ended/' || current_date || '/other', 'placement ended';
	ASSERT (SELECT array_agg(api.follow_up_status(status, due_on)
	    ORDER BY due_on) FROM follow_ups
	    WHERE placement_id = pg_temp.pl(1)::uuid)
	    = '{done,done,done,done,missed}', 'the later one missed';
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(5)::uuid) = '0/published', 'job filled - 1';
	ASSERT (SELECT status FROM seekers WHERE id = pg_temp.seeker(8)::uuid)
	    = 'active', 'seeker active';

	m := pg_temp.message('follow_ups_record', karin, jsonb_build_object(
	    'id', pg_temp.fu(5), 'body', rec), 'JB409');
	ASSERT m LIKE 'follow-up is missed%', m;

	-- A pending one of an ended placement (due before its end) can still
	-- be recorded, and "false" there ends nothing twice.
	pid := (pg_temp.call('placements_create', karin,
	    pg_temp.hire(pg_temp.offered(12, 18), '2026-01-15'))).body->>'id';
	PERFORM pg_temp.call('placements_end', karin, jsonb_build_object(
	    'id', pid, 'body', '{"end_date":"2026-05-01","reason":"dismissed"}'::jsonb));
	ASSERT (SELECT array_agg(api.follow_up_status(status, due_on)
	    ORDER BY due_on) FROM follow_ups WHERE placement_id = pid::uuid)
	    = '{overdue,overdue,missed,missed,missed}', 'ended in month 4';
	r := pg_temp.call('follow_ups_record', karin, jsonb_build_object(
	    'id', (SELECT id FROM follow_ups WHERE placement_id = pid::uuid
	        AND month = 3), 'body', '{"still_employed":false}'::jsonb));
	ASSERT r.body->>'status' = 'done', 'recorded on an ended placement';
	ASSERT (SELECT end_reason || '/' || end_date FROM placements
	    WHERE id = pid::uuid) = 'dismissed/2026-05-01', 'end unchanged';
	ASSERT pg_temp.list('follow_ups_list', pg_temp.ctx('admin'),
	    jsonb_build_object('placement_id', pid, 'status', 'overdue'))
	    = ARRAY[(SELECT id::text FROM follow_ups WHERE placement_id = pid::uuid
	        AND month = 1)], 'overdue filter';
END
$$;

\echo 'tests/sql/placements.sql: all assertions passed'
