-- tests/sql/placements.sql — api.placements_list and placements_get (the
-- demo placement: JSON, the seed's consistency, scope, filters),
-- placements_create (the hire: roles, application state, free positions;
-- the application, job and seeker follow; five follow-ups are made) and
-- placements_end (scope, If-Match, dates; later follow-ups are missed; the
-- job and the seeker follow).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/placements.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

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
	-- The last 31 January (within the past year): its month offsets
	-- clamp to the months' ends.
	jan31	date := make_date(extract(year FROM current_date - 30)::int, 1, 31);
	y	int := extract(year FROM current_date - 30)::int;
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
	    pg_temp.hire(lucas, jan31::text, '{"hourly_wage_dkk":null}'));
	p := r.body;
	ASSERT r.status = 201 AND r.etag = '"1"' AND p->>'status' = 'active'
	    AND p->>'application_id' = lucas
	    AND p->>'seeker_id' = pg_temp.seeker(9)
	    AND p->>'job_id' = pg_temp.job(6)
	    AND p->>'employer_id' = 'e0000000-0000-4000-8000-000000000002'
	    AND p->>'start_date' = jan31::text
	    AND (p->>'weekly_hours')::numeric = 12
	    AND json_typeof(p->'hourly_wage_dkk') = 'null'
	    AND p->>'job_type' = (SELECT job_type FROM jobs
	        WHERE id = pg_temp.job(6)::uuid)
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
	    (make_date(y, 3, 1) - 1) || ':1:pending', y || '-04-30:3:pending',
	    y || '-07-31:6:pending', (y + 1) || '-01-31:12:pending',
	    (y + 2) || '-01-31:24:pending'], 'five follow-ups';
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
	    'id', p->>'id', 'body', jsonb_build_object('end_date', current_date,
	    'reason', 'quit')));
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(6)::uuid) = '0/published', 'job published';
	r := pg_temp.call('placements_create', karin, pg_temp.hire(william));
	ASSERT r.status = 201, 'hire after a position freed up';
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(6)::uuid) = '1/filled', 'filled again';

	-- A job filled before easy-read summaries were required (0028) has
	-- none: ending its placement puts it back to draft, not refused.
	UPDATE jobs SET easy_read_summary = NULL
	WHERE id = pg_temp.job(6)::uuid;
	r := pg_temp.call('placements_end', karin, jsonb_build_object(
	    'id', r.body->>'id', 'body', jsonb_build_object(
	    'end_date', current_date, 'reason', 'quit')));
	ASSERT r.status = 200, 'ended: ' || r.status;
	ASSERT (SELECT filled || '/' || status FROM jobs
	    WHERE id = pg_temp.job(6)::uuid) = '0/draft',
	    'a job without an easy-read summary goes back to draft';
END
$$;

-- ---------------------------------------------------------------------------
-- The end
-- ---------------------------------------------------------------------------
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
	-- Not in the future either (tomorrow, 2099).
	PERFORM pg_temp.raises('placements_end', karin,
	    jsonb_build_object('id', pid, 'body', jsonb_build_object(
	    'end_date', current_date + 1, 'reason', 'quit')), 'JB422',
	    'end_date', 'out_of_range');
	PERFORM pg_temp.raises('placements_end', karin,
	    jsonb_build_object('id', pid, 'body', jsonb_build_object(
	    'end_date', '2099-01-01', 'reason', 'quit')), 'JB422',
	    'end_date', 'out_of_range');
	ASSERT (SELECT status FROM placements WHERE id = pid::uuid) = 'active',
	    'refused ends change nothing';

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
	    'id', other, 'body', jsonb_build_object('end_date', current_date,
	    'reason', 'moved')));
	ASSERT (SELECT status FROM seekers WHERE id = pg_temp.seeker(8)::uuid)
	    = 'active', 'no active placement left: active';
END
$$;

-- ---------------------------------------------------------------------------
-- Dates that make sense, and the job's type
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	karin	jsonb := pg_temp.karin();
	admin	jsonb := pg_temp.ctx('admin');
	app	text := pg_temp.offered(9, 1);	-- job 1 of Mette's e…01
	jt	text := (SELECT job_type FROM jobs WHERE id = pg_temp.job(1)::uuid);
	other	text := CASE WHEN jt = 'ordinary' THEN 'fleksjob'
		    ELSE 'ordinary' END;
	r	api.result;
	m	text;
BEGIN
	-- start_date: within a year of today, either way.
	PERFORM pg_temp.raises('placements_create', karin,
	    pg_temp.hire(app, '1901-01-01'), 'JB422', 'start_date', 'out_of_range');
	PERFORM pg_temp.raises('placements_create', karin,
	    pg_temp.hire(app, '2099-12-31'), 'JB422', 'start_date', 'out_of_range');
	PERFORM pg_temp.raises('placements_create', admin,
	    pg_temp.hire(app, ((current_date - interval '1 year')::date - 1)::text),
	    'JB422', 'start_date', 'out_of_range');
	PERFORM pg_temp.raises('placements_create', admin,
	    pg_temp.hire(app, ((current_date + interval '1 year')::date + 1)::text),
	    'JB422', 'start_date', 'out_of_range');
	m := pg_temp.message('placements_create', karin,
	    pg_temp.hire(app, '1901-01-01'), 'JB422');
	ASSERT m LIKE 'start_date must lie within a year of today%', m;

	-- job_type: another than the job's is refused to all but admins ...
	PERFORM pg_temp.raises('placements_create', karin,
	    pg_temp.hire(app, extra => jsonb_build_object('job_type', other)),
	    'JB422', 'job_type', 'invalid_value');
	PERFORM pg_temp.raises('placements_create', pg_temp.mette(),
	    pg_temp.hire(app, extra => jsonb_build_object('job_type', other)),
	    'JB422', 'job_type', 'invalid_value');
	ASSERT (SELECT status FROM applications WHERE id = app::uuid)
	    = 'offered', 'refused hires change nothing';
	-- ... the job's own is accepted, on the first and last allowed days.
	r := pg_temp.call('placements_create', karin, pg_temp.hire(app,
	    (current_date - interval '1 year')::date::text,
	    jsonb_build_object('job_type', jt)));
	ASSERT r.status = 201 AND r.body->>'job_type' = jt
	    AND (r.body->>'start_date')::date
	        = (current_date - interval '1 year')::date, 'same type: ' || r.body;
	PERFORM pg_temp.call('placements_end', karin, jsonb_build_object(
	    'id', r.body->>'id', 'body', jsonb_build_object('end_date',
	    current_date, 'reason', 'quit')));
	-- An admin may override it.
	r := pg_temp.call('placements_create', admin, pg_temp.hire(
	    pg_temp.offered(11, 1), (current_date + interval '1 year')::date::text,
	    jsonb_build_object('job_type', other)));
	ASSERT r.status = 201 AND r.body->>'job_type' = other,
	    'admin override: ' || r.body;
	-- A placement starting next year cannot end yet (not in the future).
	PERFORM pg_temp.raises('placements_end', admin, jsonb_build_object(
	    'id', r.body->>'id', 'body', jsonb_build_object('end_date',
	    current_date, 'reason', 'quit')), 'JB422', 'end_date', 'out_of_range');
END
$$;

\echo 'tests/sql/placements.sql: all assertions passed'
