-- tests/sql/events.sql — the change feed: each event type is written by
-- the change that means it (migration 0016's triggers), with its scope
-- (municipality, employer, seeker) and data of ids and states only; no-op
-- changes write none; api.events_list (scope per role, type filter,
-- (txid, id) paging, the horizon cursor at the end, events of running
-- transactions held back); `updated_since` on the lists.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/events.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- The types of the events this transaction wrote about rid, in order.
CREATE FUNCTION pg_temp.types(rid uuid) RETURNS text[]
LANGUAGE sql AS $$
	SELECT coalesce(array_agg(type ORDER BY id), '{}') FROM events
	WHERE resource_id = rid AND txid = pg_current_xact_id()
$$;

-- The last event this transaction wrote about rid.
CREATE FUNCTION pg_temp.last(rid uuid) RETURNS events
LANGUAGE sql AS $$
	SELECT * FROM events
	WHERE resource_id = rid AND txid = pg_current_xact_id()
	ORDER BY id DESC LIMIT 1
$$;

-- ---------------------------------------------------------------------------
-- Each type, written by its change
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	emp	uuid := pg_temp.employer(1)::uuid;
	karin	uuid := pg_temp.user_id(1)::uuid;
	jid	uuid;
	sid	uuid;
	aid	uuid;
	iid	uuid;
	iid2	uuid;
	pid	uuid;
	fid	uuid;
	e	events;
BEGIN
	-- Jobs: a draft is no event; publish, change, fill, reopen, close.
	INSERT INTO jobs (employer_id, title, description, easy_read_summary,
	    job_type, weekly_hours, municipality_code, supervisor_name)
	VALUES (emp, 'Eventjob Titel', 'Eventjob beskrivelse', 'Du gør rent.',
	    'skaanejob', 10, '0101', 'Eventjob Supervisor')
	RETURNING id INTO jid;
	ASSERT pg_temp.types(jid) = '{}', 'a draft is no event';
	UPDATE jobs SET title = 'Eventjob Kladde' WHERE id = jid;
	UPDATE jobs SET status = 'published', published_at = now()
	WHERE id = jid;
	e := pg_temp.last(jid);
	ASSERT e.type = 'job.published' AND e.resource_type = 'job'
	    AND e.municipality_code = '0101' AND e.employer_id = emp
	    AND e.seeker_id IS NULL
	    AND e.data->>'status' = 'published'
	    AND e.data->>'previous_status' = 'draft'
	    AND e.data->>'employer_id' = emp::text
	    AND (e.data->>'positions')::int = 1, 'job.published: ' || e.data;
	UPDATE jobs SET title = 'Eventjob Ny titel' WHERE id = jid;
	ASSERT (pg_temp.last(jid)).type = 'job.updated', 'job.updated';
	UPDATE jobs SET title = 'Eventjob Ny titel' WHERE id = jid;
	ASSERT cardinality(pg_temp.types(jid)) = 3, 'a no-op update is none';

	-- Seekers: created, updated, (erased below).
	INSERT INTO seekers (first_name, last_name, birth_date, email, phone,
	    municipality_code, consultant_id, consents_processing)
	VALUES ('Eventfornavn', 'Eventefternavn', '1990-01-01',
	    'event.person@example.dk', '+45 11 22 33 44', '0751', karin, true)
	RETURNING id INTO sid;
	e := pg_temp.last(sid);
	ASSERT e.type = 'seeker.created' AND e.municipality_code = '0751'
	    AND e.seeker_id = sid AND e.employer_id IS NULL
	    AND e.data->>'consultant_id' = karin::text
	    AND e.data->>'status' = 'active', 'seeker.created: ' || e.data;
	UPDATE seekers SET phone = '+45 99 88 77 66' WHERE id = sid;
	ASSERT (pg_temp.last(sid)).type = 'seeker.updated', 'seeker.updated';
	UPDATE seekers SET phone = '+45 99 88 77 66' WHERE id = sid;
	ASSERT cardinality(pg_temp.types(sid)) = 2, 'no-op seeker update';

	-- Applications: created, status_changed; a cover note is none. The
	-- scope is the seeker's municipality and the job's employer.
	INSERT INTO applications (seeker_id, job_id, cover_note)
	VALUES (sid, jid, 'Eventnote om mig') RETURNING id INTO aid;
	e := pg_temp.last(aid);
	ASSERT e.type = 'application.created' AND e.municipality_code = '0751'
	    AND e.employer_id = emp AND e.seeker_id = sid
	    AND e.data->>'job_id' = jid::text
	    AND e.data->>'status' = 'submitted', 'application.created: ' || e.data;
	UPDATE applications SET status = 'in_review' WHERE id = aid;
	e := pg_temp.last(aid);
	ASSERT e.type = 'application.status_changed'
	    AND e.data->>'previous_status' = 'submitted'
	    AND e.data->>'status' = 'in_review', 'status_changed: ' || e.data;
	UPDATE applications SET cover_note = 'Eventnote igen' WHERE id = aid;
	ASSERT cardinality(pg_temp.types(aid)) = 2, 'a cover note is no event';

	-- Interviews: scheduled, rescheduled, recorded; another cancelled.
	INSERT INTO interviews (application_id, seeker_id, job_id,
	    consultant_id, starts_at, ends_at, location)
	VALUES (aid, sid, jid, karin, '2030-03-01 09:00Z', '2030-03-01 10:00Z',
	    'Eventvej 1')
	RETURNING id INTO iid;
	e := pg_temp.last(iid);
	ASSERT e.type = 'interview.scheduled' AND e.municipality_code = '0751'
	    AND e.employer_id = emp AND e.seeker_id = sid
	    AND e.data->>'application_id' = aid::text
	    AND (e.data->>'starts_at')::timestamptz = '2030-03-01 09:00Z',
	    'interview.scheduled: ' || e.data;
	UPDATE interviews SET location = 'Eventvej 2' WHERE id = iid;
	ASSERT cardinality(pg_temp.types(iid)) = 1, 'a new place is no event';
	UPDATE interviews SET starts_at = '2030-03-02 09:00Z',
	    ends_at = '2030-03-02 10:00Z' WHERE id = iid;
	e := pg_temp.last(iid);
	ASSERT e.type = 'interview.rescheduled'
	    AND (e.data->>'previous_starts_at')::timestamptz
	        = '2030-03-01 09:00Z'
	    AND (e.data->>'starts_at')::timestamptz = '2030-03-02 09:00Z',
	    'interview.rescheduled: ' || e.data;
	UPDATE interviews SET status = 'completed', outcome = 'Eventudfald godt'
	WHERE id = iid;
	e := pg_temp.last(iid);
	ASSERT e.type = 'interview.recorded' AND e.data->>'status' = 'completed',
	    'interview.recorded: ' || e.data;
	INSERT INTO interviews (application_id, seeker_id, job_id, starts_at,
	    ends_at)
	VALUES (aid, sid, jid, '2030-04-01 09:00Z', '2030-04-01 10:00Z')
	RETURNING id INTO iid2;
	UPDATE interviews SET status = 'cancelled' WHERE id = iid2;
	ASSERT pg_temp.types(iid2)
	    = '{interview.scheduled,interview.cancelled}', 'cancelled';

	-- Placements (and the job filling up): created, ended; follow-ups
	-- are made without an event, recorded with one.
	UPDATE applications SET status = 'hired' WHERE id = aid;
	INSERT INTO placements (application_id, seeker_id, job_id, employer_id,
	    start_date, weekly_hours, job_type)
	VALUES (aid, sid, jid, emp, current_date, 10, 'skaanejob')
	RETURNING id INTO pid;
	e := pg_temp.last(pid);
	ASSERT e.type = 'placement.created' AND e.municipality_code = '0751'
	    AND e.employer_id = emp AND e.seeker_id = sid
	    AND e.data->>'status' = 'active'
	    AND (e.data->>'start_date')::date = current_date,
	    'placement.created: ' || e.data;
	UPDATE jobs SET filled = 1, status = 'filled' WHERE id = jid;
	e := pg_temp.last(jid);
	ASSERT e.type = 'job.filled' AND (e.data->>'filled')::int = 1,
	    'job.filled: ' || e.data;
	INSERT INTO follow_ups (placement_id, seeker_id, due_on, month)
	VALUES (pid, sid, current_date + 30, 1) RETURNING id INTO fid;
	ASSERT pg_temp.types(fid) = '{}', 'a pending follow-up is no event';
	UPDATE follow_ups SET status = 'done', completed_at = now(),
	    still_employed = true, wellbeing_notes = 'Eventtrivsel god'
	WHERE id = fid;
	e := pg_temp.last(fid);
	ASSERT e.type = 'follow_up.recorded' AND e.municipality_code = '0751'
	    AND e.employer_id = emp AND e.seeker_id = sid
	    AND e.data->>'placement_id' = pid::text
	    AND (e.data->>'month')::int = 1
	    AND (e.data->>'still_employed')::bool, 'recorded: ' || e.data;
	UPDATE placements SET status = 'ended', end_date = current_date,
	    end_reason = 'quit' WHERE id = pid;
	e := pg_temp.last(pid);
	ASSERT e.type = 'placement.ended' AND e.data->>'end_reason' = 'quit',
	    'placement.ended: ' || e.data;
	UPDATE jobs SET filled = 0, status = 'published' WHERE id = jid;
	e := pg_temp.last(jid);
	ASSERT e.type = 'job.published' AND e.data->>'previous_status' = 'filled',
	    'reopened: ' || e.data;
	UPDATE jobs SET status = 'closed' WHERE id = jid;
	ASSERT (pg_temp.last(jid)).type = 'job.closed', 'job.closed';

	-- Erasure: one seeker.erased (the seeker's other rows follow with
	-- events of their own, none with anything personal).
	PERFORM pg_temp.call('seekers_erase', pg_temp.ctx('admin'),
	    jsonb_build_object('id', sid));
	ASSERT pg_temp.types(sid) = '{seeker.created,seeker.updated,seeker.erased}',
	    'seeker.erased: ' || pg_temp.types(sid)::text;

	-- Nothing personal in any event: only known keys, no names, contact
	-- data or notes.
	ASSERT NOT EXISTS (SELECT 1 FROM events e2, jsonb_object_keys(e2.data) k
	    WHERE e2.txid = pg_current_xact_id()
	      AND k NOT IN ('seeker_id', 'job_id', 'employer_id',
	        'application_id', 'placement_id', 'municipality_code',
	        'consultant_id', 'status', 'previous_status', 'positions',
	        'filled', 'starts_at', 'ends_at', 'previous_starts_at',
	        'previous_ends_at', 'mode', 'job_type', 'start_date', 'end_date',
	        'end_reason', 'month', 'due_on', 'still_employed')),
	    'an event has an unexpected key';
	ASSERT NOT EXISTS (SELECT 1 FROM events e2
	    WHERE e2.txid = pg_current_xact_id()
	      AND (e2.data::text ~* 'event[a-z]' OR e2.data::text LIKE '%@%'
	        OR e2.data::text LIKE '%+45%')),
	    'an event holds a name, contact data or a note';
	-- Every type was written, and is one api.event_types() lists.
	ASSERT (SELECT array_agg(DISTINCT type ORDER BY type) FROM events
	    WHERE txid = pg_current_xact_id())
	    = (SELECT array_agg(t ORDER BY t) FROM unnest(api.event_types()) t),
	    'every type';
END
$$;

-- ---------------------------------------------------------------------------
-- api.events_list: scope, filter, paging, horizon
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	admin	jsonb := pg_temp.ctx('admin');
	partner	jsonb := pg_temp.ctx('partner', '{0101}');
	cons	jsonb := pg_temp.ctx('consultant', '{0751}',
		    sub => pg_temp.user_id(1));
	emp	jsonb := pg_temp.ctx('employer', employer => pg_temp.employer(1));
	skr	jsonb := pg_temp.ctx('seeker', seeker => pg_temp.seeker(1));
	r	api.result;
	seen	bigint[] := '{}';
	cur	jsonb;
	n	int := 0;
	total	int;
BEGIN
	-- This transaction wrote events (above): never in the feed while it
	-- runs, as it is not older than every running transaction.
	r := pg_temp.call('events_list', admin, '{"query":{"limit":100}}');
	ASSERT r.status = 200 AND json_typeof(r.body) = 'array'
	    AND r.next_cursor IS NOT NULL, 'list: ' || r.next_cursor;
	ASSERT (SELECT array_agg(k ORDER BY k) FROM json_object_keys(r.body->0) k)
	    = '{data,id,occurred_at,resource,type}', 'event keys: ' || (r.body->0);
	ASSERT NOT EXISTS (SELECT 1 FROM json_array_elements(r.body) x
	    JOIN events e ON e.id = (x->>'id')::bigint
	    WHERE e.txid = pg_current_xact_id()), 'running transaction held back';

	-- Paging with limit 100 from the start to the end: every visible event
	-- once, in (txid, id) order; the last cursor is the horizon.
	total := (SELECT count(*) FROM events
	    WHERE txid < pg_snapshot_xmin(pg_current_snapshot()));
	ASSERT total > 20, 'the seeds wrote events: ' || total;
	LOOP
		r := pg_temp.call('events_list', admin, jsonb_build_object('query',
		    jsonb_build_object('limit', 100) || coalesce(jsonb_build_object(
		    'cursor', cur), '{}')));
		seen := seen || ARRAY(SELECT (x->>'id')::bigint
		    FROM json_array_elements(r.body) x);
		cur := r.next_cursor::jsonb;
		n := n + 1;
		EXIT WHEN json_array_length(r.body) < 100 OR n > 1000;
	END LOOP;
	ASSERT cardinality(seen) = total, 'paged: ' || cardinality(seen)
	    || ' of ' || total;
	ASSERT seen = ARRAY(SELECT id FROM events
	    WHERE txid < pg_snapshot_xmin(pg_current_snapshot())
	    ORDER BY txid, id), '(txid, id) order';
	ASSERT cur->>0 = pg_snapshot_xmin(pg_current_snapshot())::text
	    AND (cur->>1)::int = 0, 'horizon cursor: ' || cur;
	r := pg_temp.call('events_list', admin, jsonb_build_object('query',
	    jsonb_build_object('limit', 7, 'cursor', cur)));
	ASSERT json_array_length(r.body) = 0 AND r.next_cursor::jsonb = cur,
	    'at the end: empty, same cursor';

	-- Type filter.
	r := pg_temp.call('events_list', admin,
	    '{"query":{"limit":100,"type":"seeker.created"}}');
	ASSERT json_array_length(r.body) > 0 AND NOT EXISTS (SELECT 1
	    FROM json_array_elements(r.body) x
	    WHERE x->>'type' <> 'seeker.created'), 'type filter';

	-- Scope per role.
	r := pg_temp.call('events_list', partner, '{"query":{"limit":100}}');
	ASSERT json_array_length(r.body) > 0 AND NOT EXISTS (SELECT 1
	    FROM json_array_elements(r.body) x
	    JOIN events e ON e.id = (x->>'id')::bigint
	    WHERE e.municipality_code IS DISTINCT FROM '0101'),
	    'partner: its municipalities';
	r := pg_temp.call('events_list', cons, '{"query":{"limit":100}}');
	ASSERT EXISTS (SELECT 1 FROM json_array_elements(r.body) x
	    JOIN events e ON e.id = (x->>'id')::bigint
	    WHERE e.municipality_code = '0101'), 'consultant: their caseload';
	ASSERT NOT EXISTS (SELECT 1 FROM json_array_elements(r.body) x
	    JOIN events e ON e.id = (x->>'id')::bigint
	    LEFT JOIN seekers s ON s.id = e.seeker_id
	    WHERE e.municipality_code IS DISTINCT FROM '0751'
	      AND s.consultant_id IS DISTINCT FROM pg_temp.user_id(1)::uuid),
	    'consultant: municipalities and caseload only';
	r := pg_temp.call('events_list', emp, '{"query":{"limit":100}}');
	ASSERT json_array_length(r.body) > 0 AND NOT EXISTS (SELECT 1
	    FROM json_array_elements(r.body) x
	    JOIN events e ON e.id = (x->>'id')::bigint
	    WHERE e.employer_id IS DISTINCT FROM pg_temp.employer(1)::uuid),
	    'employer: its own';
	r := pg_temp.call('events_list', skr, '{"query":{"limit":100}}');
	ASSERT json_array_length(r.body) > 0 AND NOT EXISTS (SELECT 1
	    FROM json_array_elements(r.body) x
	    JOIN events e ON e.id = (x->>'id')::bigint
	    WHERE e.seeker_id IS DISTINCT FROM pg_temp.seeker(1)::uuid),
	    'seeker: their own';
	PERFORM pg_temp.raises('events_list', pg_temp.ctx('anonymous'),
	    '{"query":{}}', 'JB403');
END
$$;

-- ---------------------------------------------------------------------------
-- updated_since
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	admin	jsonb := pg_temp.ctx('admin');
	r	api.result;
	ids	text[];
	cur	jsonb;
	fn	text;
BEGIN
	-- Two seekers touched now (transaction time; and the one erased
	-- above): only they are at or after now, in (updated_at, id) order.
	UPDATE seekers SET phone = '+45 70 70 70 70'
	WHERE id IN (pg_temp.seeker(2)::uuid, pg_temp.seeker(3)::uuid);
	ids := pg_temp.list('seekers_list', admin,
	    jsonb_build_object('updated_since', api.ts(now())));
	ASSERT ids = ARRAY(SELECT id::text FROM seekers
	    WHERE updated_at >= now() ORDER BY updated_at, id)
	    AND ids @> ARRAY[pg_temp.seeker(2), pg_temp.seeker(3)]
	    AND cardinality(ids) < 5, 'seekers since now: ' || ids::text;
	-- Paging by one: the cursor keys on (updated_at, id).
	r := pg_temp.call('seekers_list', admin, jsonb_build_object('query',
	    jsonb_build_object('limit', 1, 'updated_since', '2000-01-01T00:00:00Z')));
	cur := r.next_cursor::jsonb;
	ASSERT (cur->>0)::timestamptz = (SELECT min(updated_at) FROM seekers)
	    AND cur->>1 = (pg_temp.ids(r.body))[1], 'since cursor: ' || cur;
	r := pg_temp.call('seekers_list', admin, jsonb_build_object('query',
	    jsonb_build_object('limit', 100, 'cursor', cur,
	    'updated_since', '2000-01-01T00:00:00Z')));
	ASSERT json_array_length(r.body)
	    = (SELECT least(count(*) - 1, 100) FROM seekers),
	    'second page: the rest';
	ASSERT NOT pg_temp.ids(r.body) && pg_temp.list('seekers_list', admin,
	    '{"limit":1,"updated_since":"2000-01-01T00:00:00Z"}'),
	    'pages do not overlap';
	-- Every list takes it (none newer than the future).
	FOREACH fn IN ARRAY '{jobs_list,employers_list,seekers_list,applications_list,interviews_list,placements_list,follow_ups_list,users_list}'::text[] LOOP
		ASSERT pg_temp.list(fn, admin,
		    '{"updated_since":"2999-01-01T00:00:00Z"}') = '{}',
		    fn || ': nothing from the future';
		ASSERT cardinality(pg_temp.list(fn, admin,
		    '{"updated_since":"2000-01-01T00:00:00Z"}')) > 0,
		    fn || ': all since 2000';
	END LOOP;
	-- A job touched now is one of the two since now (with the job the
	-- first block made, touched at the same transaction time).
	UPDATE jobs SET title = 'Touched' WHERE id = pg_temp.job(1)::uuid;
	ids := pg_temp.list('jobs_list', admin,
	    jsonb_build_object('updated_since', api.ts(now())));
	ASSERT pg_temp.job(1) = ANY (ids) AND cardinality(ids) = 2,
	    'jobs since now: ' || ids::text;
END
$$;
