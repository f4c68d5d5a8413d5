-- tests/sql/follow_ups.sql — api.follow_ups_list and follow_ups_get (the
-- demo placement's five follow-ups: order, the computed status, filters,
-- keyset pages, scope) and follow_ups_record (roles, If-Match, states; "no
-- longer employed" ends the placement as placements_end does).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/follow_ups.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

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
	    FROM json_object_keys(f) k) = '{completed_at,created_at,due_on,employer_satisfaction,id,month,needs_support,paperwork_overdue,placement_id,seeker_id,seeker_satisfaction,social_notes,social_score,status,still_employed,updated_at,weekly_hours,wellbeing_notes,wellbeing_score}',
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
		    "wellbeing_score":4,"social_score":null,
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
	    AND (f->>'wellbeing_score')::int = 4
	    AND json_typeof(f->'social_score') = 'null'
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
	    pg_temp.hire(pg_temp.offered(12, 18), (current_date - 300)::text)))
	    .body->>'id';
	PERFORM pg_temp.call('placements_end', karin, jsonb_build_object(
	    'id', pid, 'body', jsonb_build_object('end_date', current_date - 180,
	    'reason', 'dismissed')));
	ASSERT (SELECT array_agg(api.follow_up_status(status, due_on)
	    ORDER BY due_on) FROM follow_ups WHERE placement_id = pid::uuid)
	    = '{overdue,overdue,missed,missed,missed}', 'ended in month 4';
	r := pg_temp.call('follow_ups_record', karin, jsonb_build_object(
	    'id', (SELECT id FROM follow_ups WHERE placement_id = pid::uuid
	        AND month = 3), 'body', '{"still_employed":false}'::jsonb));
	ASSERT r.body->>'status' = 'done', 'recorded on an ended placement';
	ASSERT (SELECT end_reason || '/' || end_date FROM placements
	    WHERE id = pid::uuid) = 'dismissed/' || (current_date - 180),
	    'end unchanged';
	ASSERT pg_temp.list('follow_ups_list', pg_temp.ctx('admin'),
	    jsonb_build_object('placement_id', pid, 'status', 'overdue'))
	    = ARRAY[(SELECT id::text FROM follow_ups WHERE placement_id = pid::uuid
	        AND month = 1)], 'overdue filter';
END
$$;

-- ---------------------------------------------------------------------------
-- A placement that has not started cannot end through a follow-up
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	karin	jsonb := pg_temp.karin();
	pid	text;
	m	text;
BEGIN
	pid := (pg_temp.call('placements_create', karin,
	    pg_temp.hire(pg_temp.offered(12, 18), (current_date + 20)::text)))
	    .body->>'id';
	m := pg_temp.message('follow_ups_record', karin, jsonb_build_object(
	    'id', (SELECT id FROM follow_ups WHERE placement_id = pid::uuid
	        AND month = 1), 'body', '{"still_employed":false}'::jsonb),
	    'JB409');
	ASSERT m LIKE 'the placement starts on%', m;
	ASSERT (SELECT status FROM placements WHERE id = pid::uuid) = 'active'
	    AND (SELECT count(*) FROM follow_ups WHERE placement_id = pid::uuid
	        AND status = 'pending') = 5, 'nothing changed';
END
$$;

-- ---------------------------------------------------------------------------
-- Case notes per role: wellbeing_notes, social_notes and needs_support
-- reach admin, consultant and the seeker; employer and partner read null
-- (keys kept). The demo's month-1 and month-3 follow-ups (Freja, seeker 8
-- in 0751, at the canteen e…02) have all three.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	who	jsonb;
	sees	bool;
	f	json;
	notes	text[] := '{wellbeing_notes,social_notes,needs_support}';
BEGIN
	FOREACH who IN ARRAY ARRAY[pg_temp.ctx('admin'), pg_temp.karin(),
	    pg_temp.freja(), pg_temp.canteen(),
	    pg_temp.ctx('partner', '{0751}', sub => gen_random_uuid()::text)]
	LOOP
		sees := who->>'role' IN ('admin', 'consultant', 'seeker');
		f := (pg_temp.call('follow_ups_get', who,
		    jsonb_build_object('id', pg_temp.fu(1)))).body;
		ASSERT f::jsonb ?& notes AND (SELECT bool_and((json_typeof(f->k)
		        = 'null') <> sees) FROM unnest(notes) k)
		    AND (f->>'seeker_satisfaction') IS NOT NULL
		    AND f->>'still_employed' = 'true',
		    'get, ' || (who->>'role') || ': ' || f;
		ASSERT (SELECT bool_and((json_typeof(x->k) = 'null') <> sees)
		    FROM json_array_elements((pg_temp.call('follow_ups_list', who,
		        '{"query":{"limit":100}}')).body) x, unnest(notes) k
		    WHERE x->>'id' IN (pg_temp.fu(1), pg_temp.fu(2))
		    HAVING count(*) = 6),
		    'list, ' || (who->>'role');
	END LOOP;
END
$$;

-- ---------------------------------------------------------------------------
-- paperwork_overdue: the open paperwork steps of the follow-up's placement
-- past due (Freja's demo placement: first_payslip_checked), in the list
-- and one by one; marking the step done brings it to 0.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	admin	jsonb := pg_temp.ctx('admin');
	n	int;
BEGIN
	n := (SELECT count(*) FROM placement_paperwork
	    WHERE placement_id = pg_temp.pl(1)::uuid AND status = 'open'
	      AND due_on < current_date);
	ASSERT n = 1, 'the demo has one overdue step: ' || n;
	ASSERT (SELECT bool_and((x->>'paperwork_overdue')::int = n)
	    FROM json_array_elements((pg_temp.call('follow_ups_list', admin,
	        '{"query":{"limit":100}}')).body) x
	    WHERE x->>'placement_id' = pg_temp.pl(1)), 'list';
	UPDATE placement_paperwork SET status = 'done', done_on = current_date
	WHERE placement_id = pg_temp.pl(1)::uuid AND status = 'open';
	ASSERT (pg_temp.call('follow_ups_get', admin, jsonb_build_object('id',
	    pg_temp.fu(3)))).body->>'paperwork_overdue' = '0', 'after done';
END
$$;

\echo 'tests/sql/follow_ups.sql: all assertions passed'
