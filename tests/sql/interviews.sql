-- tests/sql/interviews.sql — api.interviews_list (scope per role, keyset
-- pages, filters), interviews_get, the iCalendar feed api.interviews_ics
-- and its helpers api.ics_text and ics_fold, interviews_create (roles,
-- application states, times, overlaps per seeker and per consultant; the
-- application moves to interview) and interviews_update (reschedule,
-- status moves, outcome), and the table rules behind them.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/interviews.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

-- A create body for application n.
CREATE FUNCTION pg_temp.body(n int, starts text, ends text,
    extra jsonb DEFAULT '{}') RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_build_object('body', jsonb_build_object('application_id',
	    pg_temp.app(n), 'starts_at', starts, 'ends_at', ends) || extra)
$$;

-- ---------------------------------------------------------------------------
-- List, scope, keyset, filters, get
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	all_ids	text[];
	walked	text[] := '{}';
	args	jsonb := '{"query":{"limit":3}}';
	pages	int := 0;
	item	json;
BEGIN
	r := pg_temp.call('interviews_list', admin, '{"query":{"limit":100}}');
	all_ids := pg_temp.ids(r.body);
	ASSERT r.status = 200 AND json_typeof(r.body) = 'array'
	    AND r.next_cursor IS NULL AND r.etag IS NULL,
	    'list: bare array, no cursor on the last page';
	ASSERT all_ids = ARRAY[pg_temp.iv(4), pg_temp.iv(1), pg_temp.iv(2),
	    pg_temp.iv(3)], 'admin sees all 4, starts_at ASC';

	LOOP
		r := pg_temp.call('interviews_list', admin, args);
		walked := walked || pg_temp.ids(r.body);
		pages := pages + 1;
		EXIT WHEN r.next_cursor IS NULL;
		ASSERT r.next_cursor::jsonb->>1 = pg_temp.iv(2)
		    AND r.next_cursor::jsonb->>0 = '2025-10-14T08:00:00.000000Z',
		    'cursor: [starts_at, id] of the last row';
		args := jsonb_build_object('query', jsonb_build_object('limit', 3,
		    'cursor', r.next_cursor::jsonb));
	END LOOP;
	ASSERT pages = 2 AND walked = all_ids, 'keyset pages of 3 walk all 4';

	-- Scope per role.
	ASSERT cardinality(pg_temp.list('interviews_list', pg_temp.karin())) = 4,
	    'consultant';
	ASSERT pg_temp.list('interviews_list', pg_temp.partner()) = ARRAY[
	    pg_temp.iv(1), pg_temp.iv(2), pg_temp.iv(3)],
	    'partner: seekers of 0101';
	ASSERT pg_temp.list('interviews_list', pg_temp.mette()) = '{}',
	    'employer: own jobs only';
	ASSERT pg_temp.list('interviews_list', pg_temp.emil()) = '{}',
	    'seeker: own only';
	ASSERT pg_temp.list('interviews_list', pg_temp.ctx('consultant',
	    '{0147}', sub => gen_random_uuid()::text)) = '{}',
	    'consultant elsewhere';

	-- Filters.
	ASSERT pg_temp.list('interviews_list', admin, jsonb_build_object(
	    'application_id', pg_temp.app(6))) = ARRAY[pg_temp.iv(4)],
	    'application_id';
	ASSERT pg_temp.list('interviews_list', admin, jsonb_build_object(
	    'seeker_id', pg_temp.seeker(2))) = ARRAY[pg_temp.iv(1),
	    pg_temp.iv(2), pg_temp.iv(3)], 'seeker_id';
	ASSERT cardinality(pg_temp.list('interviews_list', admin,
	    jsonb_build_object('consultant_id', pg_temp.user_id(1)))) = 4,
	    'consultant_id';
	ASSERT pg_temp.list('interviews_list', admin, '{"status":"completed"}')
	    = ARRAY[pg_temp.iv(4), pg_temp.iv(2)], 'status';
	ASSERT pg_temp.list('interviews_list', admin,
	    '{"from":"2025-10-10","to":"2025-10-14"}')
	    = ARRAY[pg_temp.iv(1), pg_temp.iv(2)], 'from/to are whole UTC days';
	ASSERT pg_temp.list('interviews_list', admin, '{"from":"2025-10-15"}')
	    = ARRAY[pg_temp.iv(3)], 'from alone';
	ASSERT pg_temp.list('interviews_list', admin, '{"to":"2025-10-09"}')
	    = ARRAY[pg_temp.iv(4)], 'to alone';

	-- Get (accommodations and outcome per role: the next block).
	r := pg_temp.call('interviews_get', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.iv(1)));
	item := r.body;
	ASSERT r.status = 200 AND r.etag = '"2"', 'get: 200 + ETag';
	ASSERT (SELECT array_agg(k ORDER BY k) FROM json_object_keys(item) k)
	    = ARRAY['accommodations', 'application_id', 'consultant_attends',
	    'consultant_id', 'created_at', 'ends_at', 'id', 'job_id',
	    'location', 'mode', 'outcome', 'seeker_id', 'starts_at', 'status',
	    'updated_at'], 'get: all keys';
	ASSERT item->>'starts_at' = '2025-10-10T08:00:00.000000Z'
	    AND item->>'status' = 'cancelled'
	    AND item->>'consultant_id' = pg_temp.user_id(1)
	    AND json_typeof(item->'accommodations') = 'array'
	    AND (item->>'consultant_attends')::bool, 'get: shape';
	PERFORM pg_temp.raises('interviews_get', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.iv(1)), 'JB404');
	PERFORM pg_temp.raises('interviews_get', admin,
	    jsonb_build_object('id', gen_random_uuid()), 'JB404');
END
$$;

-- ---------------------------------------------------------------------------
-- iCalendar
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	cal	text;
	lines	text[];
	unfolded text;
	long	text := 'DESCRIPTION:' || repeat('æøå, ', 40);
BEGIN
	-- Helpers.
	ASSERT api.ics_text(E'a\\b;c,d\ne\r\nf') = E'a\\\\b\\;c\\,d\\ne\\nf',
	    'ics_text: ' || api.ics_text(E'a\\b;c,d\ne\r\nf');
	-- Every other control character is dropped (tab, CR alone is a line
	-- break, C0, DEL, C1); other characters pass.
	ASSERT api.ics_text(E'R\tum\x01 3\x1b[2J\x7f\u0085;\rX\x0bY\fZ\u00e6')
	    = E'Rum 3[2J\\;\\nXYZ\u00e6',
	    'ics_text drops controls: ' || api.ics_text(
	        E'R\tum\x01 3\x1b[2J\x7f\u0085;\rX\x0bY\fZ\u00e6');
	ASSERT api.ics_text(NULL) IS NULL, 'ics_text: null';
	ASSERT api.ics_fold('SUMMARY:short') = 'SUMMARY:short', 'short line';
	ASSERT api.ics_fold(repeat('x', 75)) = repeat('x', 75), '75 octets';
	ASSERT api.ics_fold(repeat('x', 76)) = repeat('x', 75) || E'\r\n x',
	    '76 octets';
	ASSERT api.ics_fold(repeat('x', 150)) = repeat('x', 75) || E'\r\n '
	    || repeat('x', 74) || E'\r\n x', 'continuations hold 74';
	ASSERT replace(api.ics_fold(long), E'\r\n ', '') = long, 'unfolds';
	ASSERT (SELECT bool_and(octet_length(l) <= 75 AND l IS NOT NULL)
	    FROM unnest(string_to_array(api.ics_fold(long), E'\r\n')) l),
	    'UTF-8 line folded at <= 75 octets, never inside a character';

	-- The admin's calendar: scheduled and completed only.
	r := pg_temp.call('interviews_ics', pg_temp.ctx('admin'),
	    '{"query":{}}');
	ASSERT r.status = 200 AND json_typeof(r.body) = 'string'
	    AND r.etag IS NULL AND r.next_cursor IS NULL, 'ics: a JSON string';
	cal := r.body #>> '{}';
	ASSERT cal LIKE E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'
	    'PRODID:-//Jobbro//Interviews//DA\r\nCALSCALE:GREGORIAN\r\n'
	    'BEGIN:VEVENT\r\n%', 'ics: header ' || left(cal, 200);
	ASSERT right(cal, 15) = E'END:VCALENDAR\r\n', 'ics: trailer';
	ASSERT position(E'\n' IN replace(cal, E'\r\n', '')) = 0
	    AND position(E'\r' IN replace(cal, E'\r\n', '')) = 0,
	    'ics: CRLF only';
	lines := string_to_array(left(cal, -2), E'\r\n');
	ASSERT (SELECT bool_and(octet_length(l) <= 75) FROM unnest(lines) l),
	    'ics: folded';
	unfolded := replace(cal, E'\r\n ', '');
	ASSERT (SELECT count(*) FROM regexp_matches(unfolded, 'BEGIN:VEVENT',
	    'g')) = 3, 'ics: f02, f03, f04 (f01 is cancelled)';
	ASSERT position('UID:' || pg_temp.iv(1) IN unfolded) = 0, 'no f01';
	ASSERT position(E'UID:' || pg_temp.iv(4) || E'@jobbro\r\n'
	    'DTSTAMP:20251001T133000Z\r\nDTSTART:20251001T120000Z\r\n'
	    'DTEND:20251001T130000Z\r\nSUMMARY:Jobsamtale: '
	    'Køkkenmedhjælper i kantine\r\nLOCATION:Kantinen\\, Aarhus\r\n'
	    'DESCRIPTION:Mode: in_person\\nConsultant attends: yes\\n'
	    'Accommodations: én fast kontaktperson\r\nSTATUS:CONFIRMED\r\n'
	    'END:VEVENT\r\n' IN unfolded) > 0, 'ics: one event ' || unfolded;
	ASSERT position(pg_temp.iv(4) IN unfolded)
	    < position(pg_temp.iv(2) IN unfolded)
	    AND position(pg_temp.iv(2) IN unfolded)
	    < position(pg_temp.iv(3) IN unfolded), 'ics: start order';

	-- Scope and filters.
	cal := (pg_temp.call('interviews_ics', pg_temp.emil(), '{}')).body #>> '{}';
	ASSERT cal = E'BEGIN:VCALENDAR\r\nVERSION:2.0\r\n'
	    'PRODID:-//Jobbro//Interviews//DA\r\nCALSCALE:GREGORIAN\r\n'
	    'END:VCALENDAR\r\n', 'ics: empty calendar';
	cal := (pg_temp.call('interviews_ics', pg_temp.partner(), '{}')).body
	    #>> '{}';
	ASSERT (SELECT count(*) FROM regexp_matches(cal, 'BEGIN:VEVENT', 'g'))
	    = 2, 'ics: partner sees f02, f03';
	cal := (pg_temp.call('interviews_ics', pg_temp.ctx('admin'),
	    jsonb_build_object('query', jsonb_build_object('seeker_id',
	    pg_temp.seeker(8))))).body #>> '{}';
	ASSERT (SELECT count(*) FROM regexp_matches(cal, 'BEGIN:VEVENT', 'g'))
	    = 1, 'ics: seeker_id filter';
	cal := (pg_temp.call('interviews_ics', pg_temp.ctx('admin'),
	    jsonb_build_object('query', jsonb_build_object('consultant_id',
	    gen_random_uuid())))).body #>> '{}';
	ASSERT position('VEVENT' IN cal) = 0, 'ics: consultant_id filter';
END
$$;

-- ---------------------------------------------------------------------------
-- Case notes per role: accommodations and outcome reach admin, consultant
-- and the seeker; employer and partner read null (keys kept), also in
-- what their writes answer and in the calendar. Interview f04 (Freja,
-- seeker 8 in 0751, at the canteen e…02) has both.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	who	jsonb;
	sees	bool;
	b	json;
	cal	text;
	app	uuid;
BEGIN
	FOREACH who IN ARRAY ARRAY[pg_temp.ctx('admin'), pg_temp.karin(),
	    pg_temp.freja(), pg_temp.canteen(),
	    pg_temp.ctx('partner', '{0751}', sub => gen_random_uuid()::text)]
	LOOP
		sees := who->>'role' IN ('admin', 'consultant', 'seeker');
		b := (pg_temp.call('interviews_get', who,
		    jsonb_build_object('id', pg_temp.iv(4)))).body;
		ASSERT b::jsonb ?& ARRAY['accommodations', 'outcome']
		    AND json_typeof(b->'accommodations')
		        = CASE WHEN sees THEN 'array' ELSE 'null' END
		    AND json_typeof(b->'outcome')
		        = CASE WHEN sees THEN 'string' ELSE 'null' END
		    AND b->>'location' = 'Kantinen, Aarhus',
		    'get, ' || (who->>'role') || ': ' || b;
		ASSERT (SELECT x::jsonb FROM json_array_elements((pg_temp.call(
		        'interviews_list', who, '{"query":{"limit":100}}')).body) x
		    WHERE x->>'id' = pg_temp.iv(4)) = b::jsonb,
		    'list = get, ' || (who->>'role');
		cal := replace((pg_temp.call('interviews_ics', who, '{}')).body
		    #>> '{}', E'\r\n ', '');
		ASSERT position('UID:' || pg_temp.iv(4) IN cal) > 0
		    AND (position('Accommodations: én fast kontaktperson' IN cal)
		        > 0) = sees, 'ics, ' || (who->>'role') || ': ' || cal;
	END LOOP;

	-- The employer schedules with accommodations and records an outcome:
	-- stored, but answered as null.
	INSERT INTO applications (seeker_id, job_id, status)
	VALUES (pg_temp.seeker(9)::uuid, pg_temp.job(5)::uuid, 'in_review')
	RETURNING id INTO app;
	b := (pg_temp.call('interviews_create', pg_temp.canteen(),
	    jsonb_build_object('body', jsonb_build_object('application_id', app,
	    'starts_at', '2027-02-01T09:00:00Z',
	    'ends_at', '2027-02-01T10:00:00Z',
	    'accommodations', '["rolig lokale"]'::jsonb)))).body;
	ASSERT json_typeof(b->'accommodations') = 'null'
	    AND json_typeof(b->'outcome') = 'null', 'create as employer: ' || b;
	b := (pg_temp.call('interviews_update', pg_temp.canteen(),
	    jsonb_build_object('id', b->>'id', 'body',
	    '{"status":"completed","outcome":"Fint"}'::jsonb))).body;
	ASSERT b->>'status' = 'completed' AND json_typeof(b->'outcome') = 'null'
	    AND json_typeof(b->'accommodations') = 'null',
	    'update as employer: ' || b;
	ASSERT (SELECT outcome || '/' || array_to_string(accommodations, ',')
	    FROM interviews WHERE id = (b->>'id')::uuid) = 'Fint/rolig lokale',
	    'stored';
	b := (pg_temp.call('interviews_get', pg_temp.karin(),
	    jsonb_build_object('id', b->>'id'))).body;
	ASSERT b->>'outcome' = 'Fint' AND b->'accommodations'->>0 = 'rolig lokale',
	    'the consultant reads them: ' || b;
END
$$;

-- ---------------------------------------------------------------------------
-- iCalendar: every control character of a stored text is escaped or
-- dropped, so no value ends its line or forges another.
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	cal	text;
BEGIN
	UPDATE interviews SET location = E'Lokale\t2\r\nSTATUS:CANCELLED\x01\x7f;X'
	WHERE id = pg_temp.iv(4)::uuid;
	UPDATE jobs SET title = E'Kok\rEND:VEVENT\x1b\u0085'
	WHERE id = pg_temp.job(5)::uuid;
	cal := (pg_temp.call('interviews_ics', pg_temp.karin(),
	    jsonb_build_object('query', jsonb_build_object('seeker_id',
	    pg_temp.seeker(8))))).body #>> '{}';
	ASSERT position(E'\r\nLOCATION:Lokale2\\nSTATUS:CANCELLED\\;X\r\n'
	    IN replace(cal, E'\r\n ', '')) > 0
	    AND position(E'\r\nSUMMARY:Jobsamtale: Kok\\nEND:VEVENT\r\n'
	    IN replace(cal, E'\r\n ', '')) > 0, 'escaped: ' || cal;
	ASSERT cal !~ '[\x01-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]'
	    AND position(E'\n' IN replace(cal, E'\r\n', '')) = 0
	    AND position(E'\r' IN replace(cal, E'\r\n', '')) = 0,
	    'no control characters but CRLF: ' || cal;
	ASSERT (SELECT count(*) FROM regexp_matches(cal, '^END:VEVENT', 'gn'))
	    = 1 AND (SELECT count(*) FROM regexp_matches(cal, '^STATUS:', 'gn'))
	    = 1, 'one event, one status: ' || cal;
END
$$;

-- Table rules straight on the table.
DO $$
BEGIN
	BEGIN
		INSERT INTO interviews (application_id, seeker_id, job_id,
		    starts_at, ends_at, mode)
		SELECT id, seeker_id, job_id, '2027-01-01 09:00Z',
		    '2027-01-01 10:00Z', 'carrier pigeon'
		FROM applications WHERE id = pg_temp.app(3)::uuid;
		RAISE EXCEPTION 'an unknown mode was stored';
	EXCEPTION WHEN check_violation THEN
		NULL;
	END;
	BEGIN
		UPDATE interviews SET status = 'postponed'
		WHERE id = pg_temp.iv(3)::uuid;
		RAISE EXCEPTION 'an unknown status was stored';
	EXCEPTION WHEN check_violation THEN
		NULL;
	END;
	-- Two overlapping scheduled interviews of one seeker, even when one
	-- is of another application.
	BEGIN
		INSERT INTO interviews (application_id, seeker_id, job_id,
		    starts_at, ends_at)
		SELECT id, seeker_id, job_id, '2026-12-03 11:59Z',
		    '2026-12-03 13:00Z'
		FROM applications WHERE id = pg_temp.app(3)::uuid;
		RAISE EXCEPTION 'an overlapping interview was stored';
	EXCEPTION WHEN exclusion_violation THEN
		NULL;
	END;
END
$$;

-- ---------------------------------------------------------------------------
-- Create
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	m	text;
	a	applications;
	ev	application_events;
BEGIN
	-- Roles (C answers 403 first; SQL too).
	PERFORM pg_temp.raises('interviews_create', pg_temp.emil(),
	    pg_temp.body(1, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
	    'JB403');
	PERFORM pg_temp.raises('interviews_create', pg_temp.partner(),
	    pg_temp.body(1, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
	    'JB403');
	-- Not visible → application_id not_found.
	PERFORM pg_temp.raises('interviews_create', pg_temp.mette(),
	    pg_temp.body(3, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
	    'JB422', 'application_id', 'not_found');
	PERFORM pg_temp.raises('interviews_create', admin,
	    jsonb_build_object('body', jsonb_build_object('application_id',
	    gen_random_uuid(), 'starts_at', '2026-12-01T09:00:00Z',
	    'ends_at', '2026-12-01T10:00:00Z')), 'JB422', 'application_id',
	    'not_found');
	-- Application states.
	m := pg_temp.message('interviews_create', admin,
	    pg_temp.body(2, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
	    'JB409');
	ASSERT m LIKE '%move the application to in_review first%', m;
	m := pg_temp.message('interviews_create', admin,
	    pg_temp.body(5, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
	    'JB409');
	ASSERT m LIKE '%rejected is final%', m;
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(6, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
	    'JB409');
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(7, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z'),
	    'JB409');
	-- Times.
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(1, '2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z'),
	    '23514', 'interviews_ends_at_check');
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(1, '2026-12-01T09:00:00Z', '2026-12-01T08:00:00Z'),
	    '23514', 'interviews_ends_at_check');
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(1, '2026-12-01T09:00:00Z', '2026-12-01T17:00:01Z'),
	    '23514', 'interviews_ends_at_check');
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(1, '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z',
	    jsonb_build_object('accommodations', (SELECT jsonb_agg(g::text)
	    FROM generate_series(1, 21) g))), '23514',
	    'interviews_accommodations_check');

	-- Mette schedules Emil's in_review application (job of e…01): 201,
	-- defaults, copied ids; the application moves to interview.
	r := pg_temp.call('interviews_create', pg_temp.mette(),
	    pg_temp.body(1, '2026-12-01T09:00:00+01:00', '2026-12-01T17:00:00+01:00'));
	ASSERT r.status = 201 AND r.etag = '"1"', 'create: 201 + ETag';
	ASSERT r.body->>'starts_at' = '2026-12-01T08:00:00.000000Z'
	    AND r.body->>'ends_at' = '2026-12-01T16:00:00.000000Z'
	    AND r.body->>'seeker_id' = pg_temp.seeker(1)
	    AND r.body->>'job_id' = '10b00000-0000-4000-8000-000000000001'
	    AND r.body->>'consultant_id' = pg_temp.user_id(1)
	    AND r.body->>'mode' = 'in_person'
	    AND NOT (r.body->>'consultant_attends')::bool
	    AND r.body->>'status' = 'scheduled'
	    AND r.body->>'location' IS NULL AND r.body->>'outcome' IS NULL
	    AND json_typeof(r.body->'accommodations') = 'null',
	    'create: shape (an employer reads no accommodations) ' || r.body;
	ASSERT (SELECT accommodations FROM interviews
	    WHERE id = (r.body->>'id')::uuid) = '{}', 'stored: none';
	SELECT * INTO a FROM applications WHERE id = pg_temp.app(1)::uuid;
	ASSERT a.status = 'interview' AND a.version = 3,
	    'create moved the application to interview';
	SELECT * INTO ev FROM application_events
	WHERE application_id = a.id ORDER BY at DESC, id DESC LIMIT 1;
	ASSERT ev.from_status = 'in_review' AND ev.to_status = 'interview'
	    AND ev.actor_id = pg_temp.user_id(2)::uuid
	    AND ev.reason = 'interview scheduled' AND ev.at = a.updated_at,
	    'one application event';

	-- A second one (the application is in interview now) does not move it
	-- again. Back to back is no overlap ([starts, ends)).
	r := pg_temp.call('interviews_create', pg_temp.karin(),
	    pg_temp.body(1, '2026-12-01T16:00:00Z', '2026-12-01T17:00:00Z',
	    '{"mode":"video","consultant_attends":true,"location":"Teams",'
	    '"accommodations":["pauser","skriftlig dagsorden"]}'));
	ASSERT r.status = 201 AND r.body->>'mode' = 'video'
	    AND (r.body->>'consultant_attends')::bool
	    AND r.body->'accommodations'->>1 = 'skriftlig dagsorden',
	    'create: given fields';
	ASSERT (SELECT count(*) FROM application_events
	    WHERE application_id = pg_temp.app(1)::uuid) = 3,
	    'no event when already in interview';

	-- Overlap for the same seeker → 23P01 (seeker_id).
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(1, '2026-12-01T15:59:59Z', '2026-12-01T16:30:00Z'),
	    '23P01', 'interviews_seeker_id_excl');
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(1, '2026-12-01T07:00:00Z', '2026-12-01T08:00:01Z'),
	    '23P01', 'interviews_seeker_id_excl');
	-- Same consultant attending, other seeker → 23P01 (consultant_id);
	-- without the consultant it is fine.
	PERFORM pg_temp.raises('interviews_create', pg_temp.karin(),
	    pg_temp.body(8, '2026-12-01T16:30:00Z', '2026-12-01T18:00:00Z',
	    '{"consultant_attends":true}'), '23P01',
	    'interviews_consultant_id_excl');
	r := pg_temp.call('interviews_create', pg_temp.karin(),
	    pg_temp.body(8, '2026-12-01T16:30:00Z', '2026-12-01T18:00:00Z'));
	ASSERT r.status = 201, 'overlap without the consultant attending';
	ASSERT (SELECT status FROM applications
	    WHERE id = pg_temp.app(8)::uuid) = 'interview', 'app 8 moved';

	-- No consultant → consultant_attends may not be true.
	UPDATE seekers SET consultant_id = NULL
	WHERE id = pg_temp.seeker(2)::uuid;
	PERFORM pg_temp.raises('interviews_create', admin,
	    pg_temp.body(3, '2026-12-05T09:00:00Z', '2026-12-05T10:00:00Z',
	    '{"consultant_attends":true}'), 'JB422', 'consultant_attends',
	    'invalid_value');
	r := pg_temp.call('interviews_create', admin,
	    pg_temp.body(3, '2026-12-05T09:00:00Z', '2026-12-05T10:00:00Z'));
	ASSERT r.status = 201 AND r.body->>'consultant_id' IS NULL,
	    'no consultant: consultant_id null';
END
$$;

-- ---------------------------------------------------------------------------
-- Update
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	id	text;
	other	text;
	m	text;
BEGIN
	r := pg_temp.call('interviews_create', pg_temp.mette(),
	    pg_temp.body(1, '2026-12-10T09:00:00Z', '2026-12-10T10:00:00Z'));
	id := r.body->>'id';

	-- Scope and roles.
	PERFORM pg_temp.raises('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.iv(3), 'body', '{}'::jsonb), 'JB404');
	PERFORM pg_temp.raises('interviews_update', pg_temp.partner(),
	    jsonb_build_object('id', id, 'body', '{"outcome":"x"}'::jsonb), 'JB403');
	PERFORM pg_temp.raises('interviews_update', pg_temp.emil(),
	    jsonb_build_object('id', id, 'body', '{"outcome":"x"}'::jsonb), 'JB403');
	PERFORM pg_temp.raises('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', id, 'if_match', '"7"',
	    'body', '{"location":"x"}'::jsonb), 'JB412');

	-- Reschedule.
	r := pg_temp.call('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', id, 'if_match', '"1"', 'body',
	    '{"starts_at":"2026-12-10T11:00:00Z","ends_at":"2026-12-10T12:30:00Z",
	      "location":"Butikken; bagindgang, 2. sal","mode":"phone",
	      "accommodations":["rolig"]}'::jsonb));
	ASSERT r.status = 200 AND r.etag = '"2"'
	    AND r.body->>'starts_at' = '2026-12-10T11:00:00.000000Z'
	    AND r.body->>'mode' = 'phone'
	    AND r.body->>'location' = 'Butikken; bagindgang, 2. sal',
	    'reschedule ' || r.body;
	r := pg_temp.call('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', id, 'body', '{"location":null}'::jsonb));
	ASSERT r.body->>'location' IS NULL AND r.body->>'mode' = 'phone',
	    'null clears, absent keeps';
	PERFORM pg_temp.raises('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', id,
	    'body', '{"ends_at":"2026-12-10T10:00:00Z"}'::jsonb), '23514',
	    'interviews_ends_at_check');
	-- Overlap on reschedule.
	r := pg_temp.call('interviews_create', pg_temp.mette(),
	    pg_temp.body(1, '2026-12-11T09:00:00Z', '2026-12-11T10:00:00Z'));
	other := r.body->>'id';
	PERFORM pg_temp.raises('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', other,
	    'body', '{"starts_at":"2026-12-10T12:00:00Z",
	      "ends_at":"2026-12-10T13:00:00Z"}'::jsonb), '23P01',
	    'interviews_seeker_id_excl');
	-- Cancelling frees the slot.
	r := pg_temp.call('interviews_update', admin,
	    jsonb_build_object('id', id, 'body', '{"status":"cancelled"}'::jsonb));
	ASSERT r.body->>'status' = 'cancelled', 'cancelled';
	r := pg_temp.call('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', other,
	    'body', '{"starts_at":"2026-12-10T12:00:00Z",
	      "ends_at":"2026-12-10T13:00:00Z"}'::jsonb));
	ASSERT r.status = 200, 'a cancelled interview does not block';

	-- consultant_attends needs a consultant.
	r := pg_temp.call('interviews_update', pg_temp.karin(),
	    jsonb_build_object('id', other,
	    'body', '{"consultant_attends":true}'::jsonb));
	ASSERT (r.body->>'consultant_attends')::bool, 'consultant attends';

	-- Status moves.
	m := pg_temp.message('interviews_update', admin,
	    jsonb_build_object('id', id, 'body', '{"status":"scheduled"}'::jsonb),
	    'JB409');
	ASSERT m LIKE 'illegal transition from cancelled to scheduled%', m;
	PERFORM pg_temp.raises('interviews_update', admin,
	    jsonb_build_object('id', id, 'body', '{"status":"completed"}'::jsonb),
	    'JB409');
	PERFORM pg_temp.raises('interviews_update', admin,
	    jsonb_build_object('id', id, 'body', '{"mode":"video"}'::jsonb),
	    'JB409');
	r := pg_temp.call('interviews_update', admin,
	    jsonb_build_object('id', id, 'body', '{"status":"cancelled",
	      "outcome":"Aflyst af arbejdsgiver."}'::jsonb));
	ASSERT r.status = 200 AND r.body->>'outcome' = 'Aflyst af arbejdsgiver.',
	    'outcome any time; same status is no move';
	r := pg_temp.call('interviews_update', pg_temp.mette(),
	    jsonb_build_object('id', other, 'body', '{"status":"no_show"}'::jsonb));
	ASSERT r.body->>'status' = 'no_show', 'no_show';
END
$$;

DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
BEGIN
	r := pg_temp.call('interviews_update', admin,
	    jsonb_build_object('id', pg_temp.iv(3),
	    'body', '{"status":"completed","outcome":"Gik godt."}'::jsonb));
	ASSERT r.body->>'status' = 'completed' AND r.etag = '"2"', 'completed';
	PERFORM pg_temp.raises('interviews_update', admin,
	    jsonb_build_object('id', pg_temp.iv(3),
	    'body', '{"status":"no_show"}'::jsonb), 'JB409');
	PERFORM pg_temp.raises('interviews_update', admin,
	    jsonb_build_object('id', pg_temp.iv(3),
	    'body', '{"starts_at":"2026-12-03T10:00:00Z"}'::jsonb), 'JB409');
	r := pg_temp.call('interviews_update', admin,
	    jsonb_build_object('id', pg_temp.iv(3),
	    'body', '{"outcome":null}'::jsonb));
	ASSERT r.body->>'outcome' IS NULL, 'outcome after completion';
	PERFORM pg_temp.raises('interviews_update', admin,
	    jsonb_build_object('id', pg_temp.iv(3), 'body',
	    jsonb_build_object('outcome', repeat('x', 2001))), '23514',
	    'interviews_outcome_check');
END
$$;

\echo 'tests/sql/interviews.sql: all assertions passed'
