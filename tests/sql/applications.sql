-- tests/sql/applications.sql — api.applications_list (scope per role,
-- keyset pages, filters), applications_get (the seeker summary per caller,
-- scope), applications_history, applications_create (roles, what the
-- seeker and the job must be, one open application per seeker and job),
-- applications_transition (legal moves, role per move, If-Match, history)
-- and the table rules behind them.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/applications.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

-- Transition args.
CREATE FUNCTION pg_temp.move(id text, dest text, reason text DEFAULT NULL,
    if_match text DEFAULT NULL) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_strip_nulls(jsonb_build_object('id', id, 'if_match', if_match))
	    || jsonb_build_object('body', jsonb_build_object('to', dest,
	        'reason', reason))
$$;

-- ---------------------------------------------------------------- reading
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	all_ids	text[];
	walked	text[] := '{}';
	args	jsonb := '{"query":{"limit":3}}';
	pages	int := 0;
	other	text := gen_random_uuid()::text;
	item	json;
BEGIN
	r := pg_temp.call('applications_list', admin, '{"query":{"limit":100}}');
	all_ids := pg_temp.ids(r.body);
	ASSERT r.status = 200 AND json_typeof(r.body) = 'array'
	    AND r.next_cursor IS NULL AND r.etag IS NULL,
	    'list: bare array, no cursor on the last page';
	ASSERT all_ids = ARRAY[pg_temp.app(8), pg_temp.app(4), pg_temp.app(2),
	    pg_temp.app(3), pg_temp.app(1), pg_temp.app(5), pg_temp.app(7),
	    pg_temp.app(6)], 'admin sees all 8, created_at DESC';

	-- Keyset pages.
	LOOP
		r := pg_temp.call('applications_list', admin, args);
		walked := walked || pg_temp.ids(r.body);
		pages := pages + 1;
		EXIT WHEN r.next_cursor IS NULL;
		args := jsonb_build_object('query', jsonb_build_object('limit', 3,
		    'cursor', r.next_cursor::jsonb));
	END LOOP;
	ASSERT pages = 3 AND walked = all_ids, 'keyset pages of 3 walk all 8';

	-- Scope per role.
	ASSERT cardinality(pg_temp.list('applications_list', pg_temp.karin()))
	    = 8, 'consultant: both municipalities';
	ASSERT pg_temp.list('applications_list', pg_temp.ctx('consultant',
	    '{0751}', sub => other))
	    = ARRAY[pg_temp.app(8), pg_temp.app(7), pg_temp.app(6)],
	    'another consultant: seekers of 0751 only';
	ASSERT cardinality(pg_temp.list('applications_list',
	    pg_temp.ctx('consultant', '{0461}', sub => other))) = 0,
	    'consultant elsewhere sees none';
	ASSERT pg_temp.list('applications_list', pg_temp.ctx('consultant',
	    '{0461}', sub => pg_temp.user_id(1))) = all_ids,
	    'consultant sees their caseload wherever';
	ASSERT pg_temp.list('applications_list', pg_temp.ctx('partner', '{0101}'))
	    = ARRAY[pg_temp.app(4), pg_temp.app(2), pg_temp.app(3),
	    pg_temp.app(1), pg_temp.app(5)], 'partner: seekers of 0101';
	ASSERT pg_temp.list('applications_list', pg_temp.emil())
	    = ARRAY[pg_temp.app(2), pg_temp.app(1)], 'seeker: own only';
	ASSERT pg_temp.list('applications_list', pg_temp.mette())
	    = ARRAY[pg_temp.app(4), pg_temp.app(1), pg_temp.app(5)],
	    'employer: applications to its jobs';
	ASSERT pg_temp.list('applications_list', pg_temp.ctx('employer',
	    employer => pg_temp.employer(6)))
	    = ARRAY[pg_temp.app(2), pg_temp.app(3)], 'another employer';
	ASSERT cardinality(pg_temp.list('applications_list',
	    pg_temp.ctx('employer'))) = 0,
	    'employer without employer_id sees none';

	-- Filters.
	ASSERT pg_temp.list('applications_list', admin, '{"status":"in_review"}')
	    = ARRAY[pg_temp.app(8), pg_temp.app(1)], 'status filter';
	ASSERT pg_temp.list('applications_list', admin,
	    jsonb_build_object('job_id', pg_temp.job(22)))
	    = ARRAY[pg_temp.app(2), pg_temp.app(3)], 'job filter';
	ASSERT pg_temp.list('applications_list', admin, jsonb_build_object(
	    'seeker_id', pg_temp.seeker(1), 'status', 'submitted'))
	    = ARRAY[pg_temp.app(2)], 'combined filters';
	ASSERT cardinality(pg_temp.list('applications_list', pg_temp.emil(),
	    jsonb_build_object('seeker_id', pg_temp.seeker(2)))) = 0,
	    'a filter does not widen the scope';

	-- The seeker summary per caller.
	r := pg_temp.call('applications_get', admin,
	    jsonb_build_object('id', pg_temp.app(1)));
	ASSERT r.status = 200 AND r.etag = '"2"', 'get: 200, ETag of version 2';
	ASSERT (SELECT array_agg(k ORDER BY k) FROM json_object_keys(r.body) k)
	    = '{cover_note,created_at,id,job_id,prepared_with_consultant,seeker,seeker_id,status,updated_at}',
	    'every key present';
	ASSERT r.body->>'status' = 'in_review'
	    AND r.body->>'seeker_id' = pg_temp.seeker(1)
	    AND r.body->>'job_id' = pg_temp.job(1)
	    AND (r.body->>'prepared_with_consultant')::bool
	    AND r.body->>'created_at' = '2025-10-02T09:00:00.000000Z'
	    AND r.body->>'updated_at' = '2025-10-03T10:15:00.000000Z',
	    'get: fields';
	ASSERT r.body->'seeker'->>'first_name' = 'Emil'
	    AND r.body->'seeker'->>'last_name' = 'Sørensen'
	    AND (r.body->'seeker'->>'easy_read')::bool
	    AND (r.body->'seeker'->>'needs_single_supervisor')::bool
	    AND json_array_length(r.body->'seeker'->'support_needs') = 3
	    AND (SELECT count(*) FROM json_object_keys(r.body->'seeker')) = 5,
	    'seeker summary for admin';
	FOREACH item IN ARRAY ARRAY[pg_temp.karin(), pg_temp.emil(),
	    pg_temp.ctx('partner', '{0101}'), pg_temp.mette()]::json[] LOOP
		ASSERT json_typeof((pg_temp.call('applications_get', item::jsonb,
		    jsonb_build_object('id', pg_temp.app(1)))).body->'seeker')
		    = 'object', 'summary visible to ' || (item->>'role');
	END LOOP;
	ASSERT json_typeof((pg_temp.call('applications_get', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.app(4)))).body->'seeker') = 'null',
	    'employer: no summary without share_with_employers';
	ASSERT json_typeof((pg_temp.call('applications_get', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.app(4)))).body->'seeker') = 'object',
	    'consultant: summary regardless of share_with_employers';
	ASSERT (SELECT bool_and(CASE x->>'id' WHEN pg_temp.app(4)
	        THEN json_typeof(x->'seeker') = 'null'
	        ELSE json_typeof(x->'seeker') = 'object' END)
	    FROM json_array_elements((pg_temp.call('applications_list',
	        pg_temp.mette(), '{"query":{"limit":100}}')).body) x),
	    'list: summary per row for an employer';

	-- Out of scope is 404.
	PERFORM pg_temp.raises('applications_get', pg_temp.emil(),
	    jsonb_build_object('id', pg_temp.app(3)), 'JB404');
	PERFORM pg_temp.raises('applications_get', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.app(2)), 'JB404');
	PERFORM pg_temp.raises('applications_get', pg_temp.ctx('partner', '{0751}'),
	    jsonb_build_object('id', pg_temp.app(1)), 'JB404');
	PERFORM pg_temp.raises('applications_get', admin,
	    jsonb_build_object('id', gen_random_uuid()), 'JB404');
	PERFORM pg_temp.raises('applications_history', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.app(3)), 'JB404');

	-- History (the reasons are case notes: see the next block).
	r := pg_temp.call('applications_history', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.app(5)));
	ASSERT r.status = 200 AND r.etag IS NULL AND r.next_cursor IS NULL
	    AND json_typeof(r.body) = 'object'
	    AND (SELECT array_agg(k) FROM json_object_keys(r.body) k) = '{data}',
	    'history: a {"data":[...]} object';
	ASSERT json_array_length(r.body->'data') = 3
	    AND json_typeof(r.body->'data'->0->'from') = 'null'
	    AND r.body->'data'->0->>'to' = 'submitted'
	    AND r.body->'data'->0->>'actor_id' = pg_temp.user_id(1)
	    AND r.body->'data'->0->>'at' = '2025-10-01T09:30:00.000000Z'
	    AND json_typeof(r.body->'data'->0->'reason') = 'null'
	    AND r.body->'data'->1->>'from' = 'submitted'
	    AND r.body->'data'->1->>'to' = 'in_review'
	    AND r.body->'data'->2->>'from' = 'in_review'
	    AND r.body->'data'->2->>'to' = 'rejected'
	    AND r.body->'data'->2->>'actor_id' = pg_temp.user_id(2)
	    AND r.body->'data'->2->>'reason' LIKE 'Arbejdstiden%',
	    'history: oldest first, from/to/at/actor_id/reason';
	ASSERT (SELECT array_agg(k ORDER BY k) FROM json_object_keys(r.body->'data'->0) k)
	    = '{actor_id,at,from,reason,to}', 'history item keys';

	-- Every demo application's status and version follow its events.
	ASSERT NOT EXISTS (SELECT 1 FROM applications a
	    WHERE a.id::text LIKE 'd0000000-%' AND (a.version <> (SELECT count(*)
	        FROM application_events e WHERE e.application_id = a.id)
	      OR a.status <> (SELECT e.to_status FROM application_events e
	        WHERE e.application_id = a.id ORDER BY e.at DESC, e.id DESC
	        LIMIT 1))), 'demo applications match their events';
END
$$;

-- ------------------------------------------------- case notes, per role
-- cover_note, the history's reason and the summary's support_needs reach
-- admin, consultant and the seeker; employer and partner read null (the
-- keys stay). Application 1 (seeker 1, Emil, shares with employers; job
-- of employer 1, Mette; 0101) has all three; application 5's rejection
-- has a reason.
DO $$
DECLARE
	who	jsonb;
	sees	bool;
	b	json;
	h	json;
	l	json;
BEGIN
	-- Everything here is undone at the end (the blocks below count on
	-- the demo rows as they are).
	BEGIN
	ASSERT (SELECT cover_note IS NOT NULL FROM applications
	    WHERE id = pg_temp.app(1)::uuid), 'fixture: a cover note';
	UPDATE application_events SET reason = 'Godt match'
	WHERE application_id = pg_temp.app(1)::uuid;
	FOREACH who IN ARRAY ARRAY[pg_temp.ctx('admin'), pg_temp.karin(),
	    pg_temp.emil(), pg_temp.mette(), pg_temp.partner()] LOOP
		sees := who->>'role' IN ('admin', 'consultant', 'seeker');
		b := (pg_temp.call('applications_get', who,
		    jsonb_build_object('id', pg_temp.app(1)))).body;
		ASSERT b::jsonb ? 'cover_note'
		    AND json_typeof(b->'cover_note')
		        = CASE WHEN sees THEN 'string' ELSE 'null' END,
		    'get cover_note, ' || (who->>'role') || ': ' || b;
		ASSERT b->'seeker'->>'first_name' IS NOT NULL
		    AND (b->'seeker')::jsonb ? 'support_needs'
		    AND json_typeof(b->'seeker'->'support_needs')
		        = CASE WHEN sees THEN 'array' ELSE 'null' END,
		    'summary support_needs, ' || (who->>'role') || ': ' || b;
		SELECT x INTO l FROM json_array_elements((pg_temp.call(
		    'applications_list', who, '{"query":{"limit":100}}')).body) x
		WHERE x->>'id' = pg_temp.app(1);
		ASSERT l::jsonb = b::jsonb, 'list = get, ' || (who->>'role');
		h := (pg_temp.call('applications_history', who,
		    jsonb_build_object('id', pg_temp.app(1)))).body->'data';
		ASSERT json_array_length(h) >= 1 AND (SELECT bool_and(
		        x::jsonb ? 'reason' AND json_typeof(x->'reason')
		        = CASE WHEN sees THEN 'string' ELSE 'null' END
		        AND x->>'to' IS NOT NULL)
		    FROM json_array_elements(h) x),
		    'history reason, ' || (who->>'role') || ': ' || h;
	END LOOP;

	-- What a move answers follows the same table: Mette moves
	-- application 1 and reads no note, though she gave the reason.
	b := (pg_temp.call('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(1), 'interview', 'Til samtale'))).body;
	ASSERT b->>'status' = 'interview'
	    AND json_typeof(b->'cover_note') = 'null'
	    AND json_typeof(b->'seeker'->'support_needs') = 'null',
	    'transition as employer: ' || b;
	ASSERT (pg_temp.call('applications_history', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.app(1)))).body->'data'->-1->>'reason'
	    = 'Til samtale', 'the reason is kept for the consultant';

	-- The table itself: every case-note field, and who reads it.
	ASSERT api.hidden_fields(pg_temp.ctx('admin'), 'application') = '{}'
	    AND api.hidden_fields(pg_temp.karin(), 'follow_up') = '{}'
	    AND api.hidden_fields(pg_temp.emil(), 'interview') = '{}',
	    'admin, consultant, seeker: nothing hidden';
	ASSERT api.hidden_fields(pg_temp.mette(), 'application') = '{cover_note}'
	    AND api.hidden_fields(pg_temp.partner(), 'application_event')
	        = '{reason}'
	    AND api.hidden_fields(pg_temp.partner(), 'interview')
	        = '{accommodations,outcome}'
	    AND api.hidden_fields(pg_temp.mette(), 'follow_up')
	        = '{needs_support,social_notes,wellbeing_notes}'
	    AND api.hidden_fields(pg_temp.partner(), 'seeker') = '{support_needs}'
	    AND api.hidden_fields('{}', 'seeker') = '{support_needs}',
	    'employer, partner and no role: the case notes hidden';
	ASSERT api.redact(pg_temp.mette(), 'application',
	    '{"id":1,"cover_note":"x","status":"s"}')::jsonb
	    = '{"id":1,"cover_note":null,"status":"s"}', 'redact nulls in place';
	ASSERT api.redact(pg_temp.karin(), 'application',
	    '{"cover_note":"x"}')::text = '{"cover_note":"x"}',
	    'redact: nothing hidden is the same text';
	ASSERT api.redact(pg_temp.mette(), 'application', NULL) IS NULL,
	    'redact: null stays null';
	RAISE EXCEPTION USING ERRCODE = 'JBT01', MESSAGE = 'undo';
	EXCEPTION WHEN SQLSTATE 'JBT01' THEN
		NULL;
	END;
END
$$;

-- ---------------------------------------------------------------- create
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	h	json;
	m	text;
BEGIN
	-- The seeker applies for themselves.
	r := pg_temp.call('applications_create', pg_temp.emil(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(1), 'job_id', pg_temp.job(5),
	        'cover_note', 'Jeg vil gerne lave mad.')));
	ASSERT r.status = 201 AND r.etag = '"1"'
	    AND r.body->>'status' = 'submitted'
	    AND r.body->>'cover_note' = 'Jeg vil gerne lave mad.'
	    AND NOT (r.body->>'prepared_with_consultant')::bool
	    AND r.body->>'created_at' = r.body->>'updated_at'
	    AND json_typeof(r.body->'seeker') = 'object',
	    'seeker creates: 201 submitted, prepared_with_consultant false';
	h := (pg_temp.call('applications_history', pg_temp.emil(),
	    jsonb_build_object('id', r.body->>'id'))).body->'data';
	ASSERT json_array_length(h) = 1 AND json_typeof(h->0->'from') = 'null'
	    AND h->0->>'to' = 'submitted'
	    AND h->0->>'actor_id' = pg_temp.user_id(3)
	    AND h->0->>'at' = r.body->>'created_at', 'create writes one event';

	-- A consultant: prepared_with_consultant defaults to true.
	r := pg_temp.call('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', pg_temp.job(1))));
	ASSERT r.status = 201 AND (r.body->>'prepared_with_consultant')::bool
	    AND json_typeof(r.body->'cover_note') = 'null',
	    'consultant: prepared_with_consultant true by default';
	r := pg_temp.call('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', pg_temp.job(3),
	        'prepared_with_consultant', false, 'cover_note', null)));
	ASSERT NOT (r.body->>'prepared_with_consultant')::bool,
	    'explicit prepared_with_consultant false is kept';
	r := pg_temp.call('applications_create', admin,
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(3), 'job_id', pg_temp.job(9),
	        'prepared_with_consultant', true)));
	ASSERT r.status = 201 AND (r.body->>'prepared_with_consultant')::bool
	    AND r.body->>'job_id' = pg_temp.job(9),
	    'admin: any seeker, any published job';

	-- Roles.
	PERFORM pg_temp.raises('applications_create', pg_temp.ctx('partner', '{0101}'),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', pg_temp.job(2))), 'JB403');
	PERFORM pg_temp.raises('applications_create', pg_temp.mette(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', pg_temp.job(2))), 'JB403');

	-- The seeker must be visible to the caller.
	PERFORM pg_temp.raises('applications_create', pg_temp.emil(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', pg_temp.job(2))), 'JB422',
	    'seeker_id', 'not_found');
	PERFORM pg_temp.raises('applications_create',
	    pg_temp.ctx('consultant', '{0751}', sub => gen_random_uuid()::text),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', pg_temp.job(2))), 'JB422',
	    'seeker_id', 'not_found');
	PERFORM pg_temp.raises('applications_create', admin,
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        gen_random_uuid(), 'job_id', pg_temp.job(2))), 'JB422',
	    'seeker_id', 'not_found');

	-- The job must exist and be visible.
	PERFORM pg_temp.raises('applications_create', admin,
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', gen_random_uuid())), 'JB422',
	    'job_id', 'not_found');
	PERFORM pg_temp.raises('applications_create', pg_temp.emil(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(1), 'job_id', pg_temp.job(4))), 'JB422',
	    'job_id', 'not_found');	-- a draft is not visible to a seeker

	-- The job must take applications.
	m := pg_temp.message('applications_create', admin,
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(2), 'job_id', pg_temp.job(4))), 'JB409');
	ASSERT m LIKE 'job is draft%', 'draft job: 409 (' || m || ')';
	m := pg_temp.message('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(8), 'job_id', pg_temp.job(8))), 'JB409');
	ASSERT m LIKE 'job is closed%', 'closed job: 409 (' || m || ')';
	m := pg_temp.message('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(8), 'job_id', pg_temp.job(21))), 'JB409');
	ASSERT m LIKE 'job is filled%', 'filled job: 409 (' || m || ')';
	UPDATE jobs SET filled = positions WHERE id = pg_temp.job(7)::uuid;
	m := pg_temp.message('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(8), 'job_id', pg_temp.job(7))), 'JB409');
	ASSERT m LIKE 'job is filled%',
	    'published job without free positions: 409 (' || m || ')';

	-- The seeker must not be inactive (Oliver, 07).
	m := pg_temp.message('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(7), 'job_id', pg_temp.job(2))), 'JB409');
	ASSERT m LIKE 'seeker is inactive%', 'inactive seeker: 409 (' || m || ')';

	-- One open application per (seeker, job).
	PERFORM pg_temp.raises('applications_create', pg_temp.emil(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(1), 'job_id', pg_temp.job(1))), '23505',
	    'applications_seeker_id_job_id_key');
	r := pg_temp.call('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(11), 'job_id', pg_temp.job(6))));
	ASSERT r.status = 201, 'apply again after a withdrawn application';
	r := pg_temp.call('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(6), 'job_id', pg_temp.job(2))));
	ASSERT r.status = 201, 'apply again after a rejected application';

	-- Constraints behind C's validation.
	PERFORM pg_temp.raises('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(8), 'job_id', pg_temp.job(6),
	        'cover_note', repeat('x', 2001))), '23514',
	    'applications_cover_note_check');
END
$$;

-- ---------------------------------------------------------------- transitions
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	partner	jsonb := pg_temp.ctx('partner', '{0101}');
	h	json;
	m	text;
	id	text;
BEGIN
	-- Employer on its own job: submitted → in_review → interview → offered.
	r := pg_temp.call('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(4), 'in_review', if_match => '"1"'));
	ASSERT r.status = 200 AND r.etag = '"2"'
	    AND r.body->>'status' = 'in_review'
	    AND json_typeof(r.body->'seeker') = 'null'
	    AND r.body->>'updated_at' > r.body->>'created_at',
	    'employer: submitted → in_review, new ETag, summary still hidden';
	PERFORM pg_temp.raises('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(4), 'interview', if_match => '"1"'), 'JB412');
	r := pg_temp.call('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(4), 'interview', 'Samtale på fredag',
	        if_match => '"1", "2"'));
	ASSERT r.etag = '"3"' AND r.body->>'status' = 'interview',
	    'If-Match list containing the current ETag';

	-- Illegal moves name from → to.
	m := pg_temp.message('applications_transition', admin,
	    pg_temp.move(pg_temp.app(4), 'in_review'), 'JB409');
	ASSERT m LIKE '%from interview to in_review%', 'backwards: ' || m;
	m := pg_temp.message('applications_transition', admin,
	    pg_temp.move(pg_temp.app(2), 'interview'), 'JB409');
	ASSERT m LIKE '%from submitted to interview%', 'no skipping: ' || m;
	m := pg_temp.message('applications_transition', admin,
	    pg_temp.move(pg_temp.app(1), 'offered'), 'JB409');
	ASSERT m LIKE '%from in_review to offered%', 'no skipping: ' || m;
	m := pg_temp.message('applications_transition', admin,
	    pg_temp.move(pg_temp.app(4), 'interview'), 'JB409');
	ASSERT m LIKE '%from interview to interview%', 'same status: ' || m;
	m := pg_temp.message('applications_transition', admin,
	    pg_temp.move(pg_temp.app(5), 'withdrawn'), 'JB409');
	ASSERT m LIKE '%from rejected to withdrawn%final%', 'terminal: ' || m;
	m := pg_temp.message('applications_transition', admin,
	    pg_temp.move(pg_temp.app(7), 'in_review'), 'JB409');
	ASSERT m LIKE '%from withdrawn to in_review%', 'terminal: ' || m;
	m := pg_temp.message('applications_transition', admin,
	    pg_temp.move(pg_temp.app(6), 'hired'), 'JB409');
	ASSERT m LIKE '%use POST /v1/placements%', 'hired: ' || m;
	m := pg_temp.message('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(4), 'hired'), 'JB409');
	ASSERT m LIKE '%use POST /v1/placements%', 'hired (employer): ' || m;

	-- Role per move (visible but not allowed: 403).
	PERFORM pg_temp.raises('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(4), 'withdrawn'), 'JB403');
	PERFORM pg_temp.raises('applications_transition', pg_temp.emil(),
	    pg_temp.move(pg_temp.app(1), 'interview'), 'JB403');
	PERFORM pg_temp.raises('applications_transition', pg_temp.emil(),
	    pg_temp.move(pg_temp.app(1), 'rejected'), 'JB403');
	PERFORM pg_temp.raises('applications_transition', partner,
	    pg_temp.move(pg_temp.app(1), 'rejected'), 'JB403');
	PERFORM pg_temp.raises('applications_transition', partner,
	    pg_temp.move(pg_temp.app(1), 'withdrawn'), 'JB403');

	-- Not visible: 404 whatever the move.
	PERFORM pg_temp.raises('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(2), 'in_review'), 'JB404');
	PERFORM pg_temp.raises('applications_transition', pg_temp.emil(),
	    pg_temp.move(pg_temp.app(3), 'withdrawn'), 'JB404');
	PERFORM pg_temp.raises('applications_transition',
	    pg_temp.ctx('consultant', '{0461}', sub => gen_random_uuid()::text),
	    pg_temp.move(pg_temp.app(1), 'rejected'), 'JB404');
	PERFORM pg_temp.raises('applications_transition', partner,
	    pg_temp.move(pg_temp.app(8), 'rejected'), 'JB404');
	PERFORM pg_temp.raises('applications_transition', admin,
	    pg_temp.move(gen_random_uuid()::text, 'rejected'), 'JB404');

	-- The employer offers; the seeker withdraws their own.
	r := pg_temp.call('applications_transition', pg_temp.mette(),
	    pg_temp.move(pg_temp.app(4), 'offered', if_match => '*'));
	ASSERT r.body->>'status' = 'offered' AND r.etag = '"4"', 'interview → offered';
	r := pg_temp.call('applications_transition', pg_temp.emil(),
	    pg_temp.move(pg_temp.app(2), 'withdrawn', 'Jeg har fået et andet job.'));
	ASSERT r.status = 200 AND r.body->>'status' = 'withdrawn'
	    AND r.etag = '"2"', 'seeker withdraws';
	PERFORM pg_temp.raises('applications_transition', pg_temp.emil(),
	    pg_temp.move(pg_temp.app(2), 'withdrawn'), 'JB409');

	-- Consultant: the whole chain and rejection.
	r := pg_temp.call('applications_transition', pg_temp.karin(),
	    pg_temp.move(pg_temp.app(8), 'interview'));
	r := pg_temp.call('applications_transition', pg_temp.karin(),
	    pg_temp.move(pg_temp.app(8), 'offered'));
	r := pg_temp.call('applications_transition', pg_temp.karin(),
	    pg_temp.move(pg_temp.app(8), 'rejected', 'Lucas sagde nej tak.'));
	ASSERT r.body->>'status' = 'rejected' AND r.etag = '"5"',
	    'consultant: in_review → interview → offered → rejected';

	-- History after the moves (same transaction: equal times, id order).
	h := (pg_temp.call('applications_history', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.app(4)))).body->'data';
	ASSERT json_array_length(h) = 4
	    AND json_typeof(h->0->'from') = 'null' AND h->0->>'to' = 'submitted'
	    AND h->1->>'from' = 'submitted' AND h->1->>'to' = 'in_review'
	    AND h->2->>'from' = 'in_review' AND h->2->>'to' = 'interview'
	    AND h->2->>'reason' = 'Samtale på fredag'
	    AND h->3->>'from' = 'interview' AND h->3->>'to' = 'offered'
	    AND h->3->>'actor_id' = pg_temp.user_id(2)
	    AND json_typeof(h->3->'reason') = 'null',
	    'history records every move, oldest first';
	h := (pg_temp.call('applications_history', pg_temp.emil(),
	    jsonb_build_object('id', pg_temp.app(2)))).body->'data';
	ASSERT json_array_length(h) = 2 AND h->1->>'to' = 'withdrawn'
	    AND h->1->>'actor_id' = pg_temp.user_id(3)
	    AND h->1->>'reason' = 'Jeg har fået et andet job.', 'seeker''s move';

	-- A new application: only the strict chain from submitted.
	r := pg_temp.call('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(9), 'job_id', pg_temp.job(19))));
	id := r.body->>'id';
	PERFORM pg_temp.raises('applications_transition', pg_temp.karin(),
	    pg_temp.move(id, 'offered'), 'JB409');
	r := pg_temp.call('applications_transition', pg_temp.karin(),
	    pg_temp.move(id, 'withdrawn', if_match => '"1"'));
	ASSERT r.body->>'status' = 'withdrawn', 'submitted → withdrawn';
	r := pg_temp.call('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	        pg_temp.seeker(9), 'job_id', pg_temp.job(19))));
	ASSERT r.status = 201, 'apply again after withdrawing';

	-- Reason length is a constraint too.
	PERFORM pg_temp.raises('applications_transition', admin,
	    pg_temp.move(r.body->>'id', 'rejected', repeat('x', 1001)), '23514',
	    'application_events_reason_check');
END
$$;

-- ---------------------------------------------------------------- tables
DO $$
DECLARE
	n	int;
BEGIN
	-- A seeker's erasure takes their applications and history along.
	SELECT count(*) INTO n FROM application_events e
	JOIN applications a ON a.id = e.application_id
	WHERE a.seeker_id = pg_temp.seeker(1)::uuid;
	ASSERT n > 0, 'Emil has history';
	DELETE FROM seekers WHERE id = pg_temp.seeker(1)::uuid;
	ASSERT NOT EXISTS (SELECT 1 FROM applications
	    WHERE seeker_id = pg_temp.seeker(1)::uuid), 'ON DELETE CASCADE';
	-- A job with applications cannot be deleted.
	BEGIN
		DELETE FROM jobs WHERE id = pg_temp.job(22)::uuid;
		RAISE EXCEPTION 'a job with applications was deleted';
	EXCEPTION WHEN foreign_key_violation THEN
		NULL;
	END;
	BEGIN
		UPDATE applications SET status = 'placed'
		WHERE id = pg_temp.app(3)::uuid;
		RAISE EXCEPTION 'an unknown status was stored';
	EXCEPTION WHEN check_violation THEN
		NULL;
	END;
END
$$;

\echo 'tests/sql/applications.sql: all assertions passed'
