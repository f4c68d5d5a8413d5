-- tests/sql/audit.sql — the audit log (0013_audit, sql/api/audit.sql):
-- audit_events is append-only; api.audit and api.audit_many record the
-- caller; the trigger core.audit_change records every change of a domain
-- row with the caller of jobbro.ctx; the reads of a seeker's data
-- (seekers_get, seekers_list, seekers_matches, seekers_export) record one
-- event per seeker, and the reads of the rows about a seeker (the get,
-- list and history of applications, interviews and their .ics feed,
-- placements, follow-ups) one per row; the export lists who else read;
-- audit_events_list (admin only, filters, cursor, bad periods).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/audit.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- The events recorded after event id mark.
CREATE FUNCTION pg_temp.since(mark bigint) RETURNS SETOF audit_events
LANGUAGE sql AS $$
	SELECT * FROM audit_events WHERE id > mark ORDER BY id
$$;
CREATE FUNCTION pg_temp.mark() RETURNS bigint
LANGUAGE sql AS $$ SELECT coalesce(max(id), 0) FROM audit_events $$;

-- The events recorded after mark, each as 'action type resource seeker
-- actor', sorted.
CREATE FUNCTION pg_temp.reads(mark bigint) RETURNS text[]
LANGUAGE sql AS $$
	SELECT coalesce(array_agg(e ORDER BY e), '{}')
	FROM (SELECT concat_ws(' ', action, resource_type, resource_id,
	    seeker_id, actor_id) AS e FROM pg_temp.since(mark)) x
$$;

-- What pg_temp.reads should hold after a list answered body by actor:
-- one `action` of `type` per row (its id, its seeker_id), sorted.
CREATE FUNCTION pg_temp.listed(body json, action text, type text,
    actor text) RETURNS text[]
LANGUAGE sql AS $$
	SELECT coalesce(array_agg(e ORDER BY e), '{}')
	FROM (SELECT concat_ws(' ', action, type, x->>'id', x->>'seeker_id',
	    actor) AS e FROM json_array_elements(body) x) y
$$;

-- Calls api.<fn>(ctx, {"id": id}) and asserts that it answered 200 and
-- recorded exactly one `action` of `type` for row id of seeker sid.
CREATE FUNCTION pg_temp.one_read(fn text, ctx jsonb, id text, action text,
    type text, sid text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	m	bigint := pg_temp.mark();
	r	api.result;
BEGIN
	r := pg_temp.call(fn, ctx, jsonb_build_object('id', id));
	ASSERT r.status = 200, format('%s: %s', fn, r);
	ASSERT pg_temp.reads(m) = ARRAY[concat_ws(' ', action, type, id, sid,
	    ctx->>'sub')], format('%s records one %s: %s', fn, action,
	    pg_temp.reads(m));
END
$$;

-- Calls api.<fn>(ctx, {"query": query}) and asserts that it recorded one
-- `action` of `type` per row it returned (n rows), and nothing else.
CREATE FUNCTION pg_temp.list_reads(fn text, ctx jsonb, query jsonb,
    action text, type text, n int) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	m	bigint := pg_temp.mark();
	r	api.result;
BEGIN
	r := pg_temp.call(fn, ctx, jsonb_build_object('query', query));
	ASSERT r.status = 200 AND json_array_length(r.body) = n,
	    format('%s(%s): %s rows, not %s', fn, query,
	    json_array_length(r.body), n);
	ASSERT pg_temp.reads(m) = pg_temp.listed(r.body, action, type,
	    ctx->>'sub'), format('%s(%s) records %s, not %s', fn, query,
	    pg_temp.reads(m), pg_temp.listed(r.body, action, type,
	    ctx->>'sub'));
END
$$;

-- Whether statement sql fails with SQLSTATE state.
CREATE FUNCTION pg_temp.fails(sql text, state text) RETURNS bool
LANGUAGE plpgsql AS $$
BEGIN
	EXECUTE sql;
	RETURN false;
EXCEPTION WHEN OTHERS THEN
	RETURN SQLSTATE = state;
END
$$;

-- ------------------------------------------------------------ append-only
DO $$
BEGIN
	PERFORM api.audit(pg_temp.ctx('admin'), 'seeker.read', 'seeker',
	    pg_temp.seeker(1), pg_temp.seeker(1)::uuid);
	ASSERT pg_temp.fails('UPDATE audit_events SET action = ''x.y''',
	    '42501'), 'UPDATE refused';
	ASSERT pg_temp.fails('DELETE FROM audit_events', '42501'),
	    'DELETE refused';
	ASSERT pg_temp.fails('TRUNCATE audit_events', '42501'),
	    'TRUNCATE refused';
	ASSERT pg_temp.fails('INSERT INTO audit_events (actor_role, action) '
	    'VALUES (''admin'', ''free text here'')', '23514'),
	    'an action is a dotted word, never free text';
	-- The server's role (once scripts/db-roles.sql made it) reads and
	-- appends, nothing else.
	IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'jobbro_app') THEN
		ASSERT has_table_privilege('jobbro_app', 'audit_events',
		    'SELECT, INSERT'), 'jobbro_app reads and appends';
		ASSERT NOT has_table_privilege('jobbro_app', 'audit_events',
		    'UPDATE') AND NOT has_table_privilege('jobbro_app',
		    'audit_events', 'DELETE') AND NOT has_table_privilege(
		    'jobbro_app', 'audit_events', 'TRUNCATE'),
		    'jobbro_app changes nothing';
	END IF;
END
$$;

-- ---------------------------------------------------- api.audit, audit_many
DO $$
DECLARE
	m	bigint := pg_temp.mark();
	e	audit_events;
	ctx	jsonb := pg_temp.karin() || '{"request_id":"req-1",
	    "ip":"192.0.2.7","client_id":"jobcenter-kbh"}';
BEGIN
	PERFORM api.audit(ctx, 'seeker.read', 'seeker', pg_temp.seeker(1),
	    pg_temp.seeker(1)::uuid);
	SELECT * INTO STRICT e FROM pg_temp.since(m);
	ASSERT e.actor_id = pg_temp.user_id(1)::uuid
	    AND e.actor_role = 'consultant' AND e.client_id = 'jobcenter-kbh'
	    AND e.action = 'seeker.read' AND e.resource_type = 'seeker'
	    AND e.resource_id = pg_temp.seeker(1)
	    AND e.seeker_id = pg_temp.seeker(1)::uuid
	    AND e.request_id = 'req-1' AND host(e.ip) = '192.0.2.7'
	    AND e.at = now(), format('api.audit: %s', e);

	-- No ip, client or caller: NULL, role 'system'.
	m := pg_temp.mark();
	PERFORM api.audit('{}', 'job.read', 'job', pg_temp.job(1), NULL);
	SELECT * INTO STRICT e FROM pg_temp.since(m);
	ASSERT e.actor_id IS NULL AND e.actor_role = 'system' AND e.ip IS NULL
	    AND e.client_id IS NULL AND e.seeker_id IS NULL,
	    format('api.audit without a caller: %s', e);

	m := pg_temp.mark();
	PERFORM api.audit_many(ctx, 'seeker.listed', 'seeker',
	    ARRAY[pg_temp.seeker(1), pg_temp.seeker(2)],
	    ARRAY[pg_temp.seeker(1), pg_temp.seeker(2)]::uuid[]);
	ASSERT (SELECT array_agg(seeker_id::text ORDER BY id) FROM
	    pg_temp.since(m) WHERE action = 'seeker.listed'
	    AND actor_id = pg_temp.user_id(1)::uuid)
	    = ARRAY[pg_temp.seeker(1), pg_temp.seeker(2)],
	    'audit_many: one event each';
	m := pg_temp.mark();
	PERFORM api.audit_many(ctx, 'seeker.listed', 'seeker', '{}', '{}');
	PERFORM api.audit_many(ctx, 'seeker.listed', 'seeker', NULL, NULL);
	ASSERT NOT EXISTS (SELECT 1 FROM pg_temp.since(m)),
	    'audit_many of nothing records nothing';
END
$$;

-- ------------------------------------------- reads of the rows of a seeker
-- Applications, interviews, placements and follow-ups carry a seeker's
-- personal data: each get records one read, each list one event per row
-- returned (with that row's seeker), the .ics feed one per interview in
-- it; nothing for a row the caller may not see or an empty page.
DO $$
DECLARE
	karin	jsonb := pg_temp.karin();
	mette	jsonb := pg_temp.mette();
	m	bigint;
	r	api.result;
	uids	text[];
BEGIN
	-- Applications: get and history (application.read), list
	-- (application.listed), by a consultant and by an employer.
	PERFORM pg_temp.one_read('applications_get', karin, pg_temp.app(1),
	    'application.read', 'application', pg_temp.seeker(1));
	PERFORM pg_temp.one_read('applications_get', mette, pg_temp.app(4),
	    'application.read', 'application', pg_temp.seeker(5));
	PERFORM pg_temp.one_read('applications_history', karin, pg_temp.app(1),
	    'application.read', 'application', pg_temp.seeker(1));
	PERFORM pg_temp.list_reads('applications_list', karin, '{"limit":3}',
	    'application.listed', 'application', 3);
	PERFORM pg_temp.list_reads('applications_list', mette, '{"limit":100}',
	    'application.listed', 'application', 3);
	PERFORM pg_temp.list_reads('applications_list', karin,
	    jsonb_build_object('seeker_id', pg_temp.seeker(1), 'limit', 100),
	    'application.listed', 'application', 2);
	PERFORM pg_temp.list_reads('applications_list', karin,
	    jsonb_build_object('job_id', gen_random_uuid()),
	    'application.listed', 'application', 0);
	m := pg_temp.mark();
	PERFORM pg_temp.raises('applications_get', mette,
	    jsonb_build_object('id', pg_temp.app(2)), 'JB404');
	PERFORM pg_temp.raises('applications_history', mette,
	    jsonb_build_object('id', pg_temp.app(2)), 'JB404');
	ASSERT pg_temp.reads(m) = '{}', 'nothing read, nothing recorded';

	-- Interviews: get, list, the calendar feed.
	PERFORM pg_temp.one_read('interviews_get', karin, pg_temp.iv(4),
	    'interview.read', 'interview', pg_temp.seeker(8));
	PERFORM pg_temp.list_reads('interviews_list', karin, '{"limit":2}',
	    'interview.listed', 'interview', 2);
	PERFORM pg_temp.list_reads('interviews_list', karin, '{"limit":100}',
	    'interview.listed', 'interview', 4);
	PERFORM pg_temp.list_reads('interviews_list', mette, '{"limit":100}',
	    'interview.listed', 'interview', 0);
	m := pg_temp.mark();
	PERFORM pg_temp.raises('interviews_get', mette,
	    jsonb_build_object('id', pg_temp.iv(4)), 'JB404');
	ASSERT pg_temp.reads(m) = '{}', 'an interview not seen';
	m := pg_temp.mark();
	r := pg_temp.call('interviews_ics', karin, '{"query":{}}');
	SELECT array_agg(e ORDER BY e) INTO uids
	FROM (SELECT concat_ws(' ', 'interview.listed', 'interview', i.id,
	        i.seeker_id, karin->>'sub') AS e
	    FROM regexp_matches(r.body#>>'{}', 'UID:([0-9a-f-]+)@jobbro', 'g') u
	    JOIN interviews i ON i.id = u[1]::uuid) x;
	ASSERT cardinality(uids) = 3, format('the feed: %s', uids);
	ASSERT pg_temp.reads(m) = uids, format('interviews_ics: %s',
	    pg_temp.reads(m));
	m := pg_temp.mark();
	r := pg_temp.call('interviews_ics', mette, '{"query":{}}');
	ASSERT r.body#>>'{}' ~ 'BEGIN:VCALENDAR' AND pg_temp.reads(m) = '{}',
	    'an empty feed records nothing';

	-- Placements and follow-ups (Freja's, b1…01 and b2…01..05).
	PERFORM pg_temp.one_read('placements_get', karin, pg_temp.pl(1),
	    'placement.read', 'placement', pg_temp.seeker(8));
	PERFORM pg_temp.list_reads('placements_list', karin, '{"limit":100}',
	    'placement.listed', 'placement', 1);
	PERFORM pg_temp.list_reads('placements_list', mette, '{"limit":100}',
	    'placement.listed', 'placement', 0);
	PERFORM pg_temp.one_read('follow_ups_get', pg_temp.canteen(),
	    pg_temp.fu(3), 'follow_up.read', 'follow_up', pg_temp.seeker(8));
	PERFORM pg_temp.list_reads('follow_ups_list', karin, '{"limit":2}',
	    'follow_up.listed', 'follow_up', 2);
	PERFORM pg_temp.list_reads('follow_ups_list', karin, '{"limit":100}',
	    'follow_up.listed', 'follow_up', 5);
	m := pg_temp.mark();
	PERFORM pg_temp.raises('placements_get', mette,
	    jsonb_build_object('id', pg_temp.pl(1)), 'JB404');
	PERFORM pg_temp.raises('follow_ups_get', mette,
	    jsonb_build_object('id', pg_temp.fu(1)), 'JB404');
	ASSERT pg_temp.reads(m) = '{}', 'a placement not seen';
END
$$;

-- These reads are in the seeker's access log (not their own).
DO $$
DECLARE
	log	jsonb;
	action	text;
BEGIN
	PERFORM pg_temp.call('applications_get', pg_temp.mette(),
	    jsonb_build_object('id', pg_temp.app(1)));
	PERFORM pg_temp.call('applications_list', pg_temp.emil(),
	    '{"query":{"limit":100}}');
	PERFORM pg_temp.call('placements_get', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.pl(1)));
	PERFORM pg_temp.call('follow_ups_list', pg_temp.karin(),
	    '{"query":{"limit":1}}');
	PERFORM pg_temp.call('interviews_get', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.iv(4)));
	log := (pg_temp.call('seekers_export', pg_temp.emil(),
	    jsonb_build_object('id', pg_temp.seeker(1)))).body::jsonb
	    ->'access_log';
	ASSERT log @> jsonb_build_array(jsonb_build_object('actor_id',
	    pg_temp.user_id(2), 'actor_role', 'employer',
	    'action', 'application.read')), format('mette''s read: %s', log);
	ASSERT NOT log @> jsonb_build_array(jsonb_build_object('actor_id',
	    pg_temp.user_id(3))), format('not emil''s own list: %s', log);
	log := (pg_temp.call('seekers_export', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.seeker(8)))).body::jsonb
	    ->'access_log';
	FOREACH action IN ARRAY '{placement.read,follow_up.listed,
	    interview.read}'::text[] LOOP
		ASSERT log @> jsonb_build_array(jsonb_build_object('actor_id',
		    pg_temp.user_id(1), 'action', action)),
		    format('%s in Freja''s log: %s', action, log);
	END LOOP;
	ASSERT api.audit_reads() @> '{seeker.read,seeker.listed,
	    seeker.exported,seeker.matched,application.read,application.listed,
	    interview.read,interview.listed,placement.read,placement.listed,
	    follow_up.read,follow_up.listed}', 'every read action';
END
$$;

-- ------------------------------------------------------ changes (triggers)
DO $$
DECLARE
	m	bigint;
	e	audit_events;
	r	api.result;
	new_id	text;
	admin	jsonb := pg_temp.ctx('admin', sub => pg_temp.user_id(1));
BEGIN
	-- Without a caller (psql, seeds): role system, no actor.
	PERFORM set_config('jobbro.ctx', '', true);
	m := pg_temp.mark();
	UPDATE seekers SET phone = '+45 11 22 33 44'
	WHERE id = pg_temp.seeker(1)::uuid;
	SELECT * INTO STRICT e FROM pg_temp.since(m);
	ASSERT e.action = 'seeker.updated' AND e.actor_role = 'system'
	    AND e.actor_id IS NULL AND e.resource_type = 'seeker'
	    AND e.resource_id = pg_temp.seeker(1)
	    AND e.seeker_id = pg_temp.seeker(1)::uuid,
	    format('a change without a caller: %s', e);

	-- With the caller api.session stores: one event, their actor.
	PERFORM set_config('jobbro.ctx', (pg_temp.karin()
	    || '{"request_id":"req-2"}')::text, true);
	m := pg_temp.mark();
	r := pg_temp.call('seekers_update', pg_temp.karin(), jsonb_build_object(
	    'id', pg_temp.seeker(1), 'body', '{"first_name":"Emilio"}'::jsonb));
	ASSERT r.status = 200, format('update: %s', r);
	SELECT * INTO STRICT e FROM pg_temp.since(m);
	ASSERT e.action = 'seeker.updated'
	    AND e.actor_id = pg_temp.user_id(1)::uuid
	    AND e.actor_role = 'consultant' AND e.request_id = 'req-2'
	    AND e.seeker_id = pg_temp.seeker(1)::uuid,
	    format('seekers_update: %s', e);
	ASSERT e.action !~ 'Emilio', 'no data in the log';

	-- An update that changes nothing records nothing; a status change is
	-- status_changed.
	m := pg_temp.mark();
	UPDATE seekers SET first_name = first_name
	WHERE id = pg_temp.seeker(1)::uuid;
	UPDATE jobs SET filled = filled WHERE id = pg_temp.job(1)::uuid;
	ASSERT NOT EXISTS (SELECT 1 FROM pg_temp.since(m)),
	    'an update of nothing';
	UPDATE seekers SET status = 'paused' WHERE id = pg_temp.seeker(1)::uuid;
	ASSERT (SELECT array_agg(action) FROM pg_temp.since(m))
	    = '{seeker.status_changed}', 'status_changed';

	-- Created, with the seeker of the row; and a row without one.
	m := pg_temp.mark();
	r := pg_temp.call('applications_create', pg_temp.karin(),
	    jsonb_build_object('body', jsonb_build_object('seeker_id',
	    pg_temp.seeker(1), 'job_id', pg_temp.job(3))));
	ASSERT r.status = 201, format('application: %s', r);
	ASSERT EXISTS (SELECT 1 FROM pg_temp.since(m)
	    WHERE action = 'application.created'
	      AND resource_id = r.body->>'id'
	      AND seeker_id = pg_temp.seeker(1)::uuid
	      AND actor_id = pg_temp.user_id(1)::uuid),
	    'application.created names its seeker';
	m := pg_temp.mark();
	INSERT INTO employers (name, cvr, municipality_code)
	VALUES ('Audit ApS', '12345674', '0101') RETURNING employers.id INTO new_id;
	DELETE FROM employers WHERE employers.id = new_id::uuid;
	ASSERT (SELECT array_agg(action || ' ' || resource_id
	        || coalesce(seeker_id::text, '-') ORDER BY since.id)
	    FROM pg_temp.since(m))
	    = ARRAY['employer.created ' || new_id || '-',
	        'employer.deleted ' || new_id || '-'], 'created, deleted';

	-- Users: a login is no change; role, deactivation, password are.
	m := pg_temp.mark();
	UPDATE users SET last_login_at = now()
	WHERE users.id = pg_temp.user_id(4)::uuid;
	ASSERT NOT EXISTS (SELECT 1 FROM pg_temp.since(m)), 'a login';
	r := pg_temp.call('users_update', admin, jsonb_build_object('id',
	    pg_temp.user_id(4), 'body', '{"municipality_codes":["0101","0147"],
	    "active":false}'::jsonb));
	ASSERT r.status = 200, format('users_update: %s', r);
	ASSERT (SELECT array_agg(action ORDER BY since.id) FROM pg_temp.since(m)
	    WHERE resource_id = pg_temp.user_id(4))
	    = '{user.deactivated,user.role_changed}',
	    format('user events: %s', (SELECT array_agg(action)
	    FROM pg_temp.since(m)));
	m := pg_temp.mark();
	UPDATE users SET password_hash = 'x', name = 'Y'
	WHERE users.id = pg_temp.user_id(4)::uuid;
	UPDATE users SET name = 'Z' WHERE users.id = pg_temp.user_id(4)::uuid;
	ASSERT (SELECT array_agg(action ORDER BY since.id) FROM pg_temp.since(m))
	    = '{user.password_changed,user.updated}', 'password, name';

	-- Erasure: seeker.erased, and every row it touched, by the eraser.
	PERFORM set_config('jobbro.ctx', admin::text, true);
	m := pg_temp.mark();
	r := pg_temp.call('seekers_erase', admin,
	    jsonb_build_object('id', pg_temp.seeker(2)));
	ASSERT r.status = 204, format('erase: %s', r);
	ASSERT (SELECT count(*) FROM pg_temp.since(m)
	    WHERE action = 'seeker.erased' AND seeker_id = pg_temp.seeker(2)::uuid
	      AND actor_id = pg_temp.user_id(1)::uuid) = 1, 'seeker.erased';
	ASSERT (SELECT bool_and(seeker_id = pg_temp.seeker(2)::uuid
	        AND actor_role = 'admin')
	    FROM pg_temp.since(m)), 'every event of the erasure is the seeker''s';
	ASSERT EXISTS (SELECT 1 FROM pg_temp.since(m)
	    WHERE action = 'application.status_changed'),
	    'withdrawn applications';
	PERFORM set_config('jobbro.ctx', '', true);
END
$$;

-- ------------------------------------------------------------------ reads
DO $$
DECLARE
	m	bigint;
	r	api.result;
	ids	text[];
	b	jsonb;
	n	int;
BEGIN
	-- seekers_get: one seeker.read by the caller.
	m := pg_temp.mark();
	r := pg_temp.call('seekers_get', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.seeker(1)));
	ASSERT (SELECT array_agg(action || ' ' || seeker_id || ' ' || actor_id)
	    FROM pg_temp.since(m)) = ARRAY['seeker.read ' || pg_temp.seeker(1)
	    || ' ' || pg_temp.user_id(1)], 'seekers_get: one read';
	m := pg_temp.mark();
	PERFORM pg_temp.raises('seekers_get', pg_temp.partner(),
	    jsonb_build_object('id', pg_temp.seeker(8)), 'JB404');
	ASSERT NOT EXISTS (SELECT 1 FROM pg_temp.since(m)),
	    'nothing read, nothing recorded';

	-- seekers_list: one seeker.listed per seeker on the page.
	m := pg_temp.mark();
	r := pg_temp.call('seekers_list', pg_temp.karin(),
	    '{"query":{"limit":3}}');
	ids := pg_temp.ids(r.body);
	ASSERT cardinality(ids) = 3 AND r.next_cursor IS NOT NULL, 'a page';
	ASSERT (SELECT array_agg(seeker_id::text ORDER BY since.id)
	    FROM pg_temp.since(m) WHERE action = 'seeker.listed'
	      AND resource_id = seeker_id::text
	      AND actor_id = pg_temp.user_id(1)::uuid) = ids,
	    'seekers_list: the page''s seekers';
	ASSERT (SELECT count(*) FROM pg_temp.since(m)) = 3, 'and nothing else';
	m := pg_temp.mark();
	r := pg_temp.call('seekers_list', pg_temp.karin(),
	    '{"query":{"limit":3,"q":"no such name anywhere"}}');
	ASSERT NOT EXISTS (SELECT 1 FROM pg_temp.since(m)), 'an empty page';

	-- seekers_matches: one seeker.matched.
	m := pg_temp.mark();
	r := pg_temp.call('seekers_matches', pg_temp.emil(),
	    jsonb_build_object('id', pg_temp.seeker(1), 'query', '{"limit":5}'::jsonb));
	ASSERT r.status = 200, format('matches: %s', r);
	ASSERT (SELECT array_agg(action || ' ' || actor_role || ' ' || seeker_id)
	    FROM pg_temp.since(m)) = ARRAY['seeker.matched seeker '
	    || pg_temp.seeker(1)], 'seekers_matches: one event';
	m := pg_temp.mark();
	PERFORM pg_temp.raises('seekers_matches', pg_temp.emil(),
	    jsonb_build_object('id', pg_temp.seeker(2)), 'JB404');

	-- The export: seeker.exported, and the access log lists the reads of
	-- everybody but the seeker, newest first, this export included.
	r := pg_temp.call('seekers_export', pg_temp.emil(),
	    jsonb_build_object('id', pg_temp.seeker(1)));
	b := r.body::jsonb;
	ASSERT b->'access_log' IS NOT NULL AND NOT EXISTS (
	    SELECT 1 FROM jsonb_array_elements(b->'access_log') x
	    WHERE x->>'actor_role' = 'seeker'), 'not the seeker''s own reads';
	ASSERT EXISTS (SELECT 1 FROM jsonb_array_elements(b->'access_log') x
	    WHERE x = jsonb_build_object('at', api.ts(now()),
	        'actor_id', pg_temp.user_id(1), 'actor_role', 'consultant',
	        'action', 'seeker.read')), format('karin''s read: %s',
	    b->'access_log');
	ASSERT (SELECT count(*) FROM audit_events WHERE id > m
	    AND action = 'seeker.exported' AND actor_role = 'seeker') = 1,
	    'the seeker''s export is recorded';
	m := pg_temp.mark();
	r := pg_temp.call('seekers_export', pg_temp.karin(),
	    jsonb_build_object('id', pg_temp.seeker(1)));
	b := r.body::jsonb;
	ASSERT b->'access_log'->0->>'action' = 'seeker.exported'
	    AND b->'access_log'->0->>'actor_id' = pg_temp.user_id(1),
	    format('this export first: %s', b->'access_log'->0);
	n := jsonb_array_length(b->'access_log');
	ASSERT n = (SELECT count(*) FROM audit_events
	    WHERE seeker_id = pg_temp.seeker(1)::uuid
	      AND action = ANY (api.audit_reads()) AND actor_role <> 'seeker'),
	    'every read by others';
	ASSERT (SELECT bool_and((x->>'at') >= (y->>'at'))
	    FROM jsonb_array_elements(b->'access_log') WITH ORDINALITY a(x, i)
	    JOIN jsonb_array_elements(b->'access_log') WITH ORDINALITY c(y, j)
	      ON j = i + 1), 'newest first';
END
$$;

-- ------------------------------------------------------- audit_events_list
DO $$
DECLARE
	admin	jsonb := pg_temp.ctx('admin', sub => pg_temp.user_id(1));
	stranger text := gen_random_uuid()::text;
	who	jsonb := pg_temp.ctx('consultant', '{0101}', sub => stranger);
	r	api.result;
	all_ids	text[];
	got	text[] := '{}';
	c	jsonb;
	page	json;
	role	text;
BEGIN
	FOREACH role IN ARRAY '{consultant,employer,seeker,partner,anonymous}'
	    ::text[] LOOP
		PERFORM pg_temp.raises('audit_events_list', pg_temp.ctx(role),
		    '{"query":{}}', 'JB403');
	END LOOP;

	-- Four reads by a consultant of our own: filters by actor, seeker,
	-- action and period, newest first, and pages that add up.
	PERFORM api.audit(who, 'seeker.read', 'seeker', pg_temp.seeker(1),
	    pg_temp.seeker(1)::uuid);
	PERFORM api.audit(who, 'seeker.read', 'seeker', pg_temp.seeker(3),
	    pg_temp.seeker(3)::uuid);
	PERFORM api.audit_many(who, 'seeker.listed', 'seeker',
	    ARRAY[pg_temp.seeker(1), pg_temp.seeker(3)],
	    ARRAY[pg_temp.seeker(1), pg_temp.seeker(3)]::uuid[]);
	r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
	    'query', jsonb_build_object('actor_id', stranger, 'limit', 100)));
	SELECT array_agg(x->>'id' ORDER BY (x->>'id')::bigint DESC)
	INTO all_ids FROM json_array_elements(r.body) x;
	ASSERT cardinality(all_ids) = 4 AND r.next_cursor IS NULL,
	    format('by actor: %s', r.body);
	ASSERT (SELECT array_agg(x->>'id') FROM json_array_elements(r.body) x)
	    = all_ids, 'newest first (same time: by id)';
	ASSERT (SELECT bool_and(x->>'actor_id' = stranger
	        AND x->>'actor_role' = 'consultant' AND x->>'request_id' = 'test'
	        AND x ? 'ip' AND x ? 'client_id' AND x ? 'at')
	    FROM jsonb_array_elements(r.body::jsonb) x), 'every field';
	r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
	    'query', jsonb_build_object('actor_id', stranger, 'limit', 100,
	    'seeker_id', pg_temp.seeker(3))));
	ASSERT json_array_length(r.body) = 2, 'by seeker';
	r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
	    'query', jsonb_build_object('actor_id', stranger, 'limit', 100,
	    'action', 'seeker.listed')));
	ASSERT json_array_length(r.body) = 2, 'by action';
	r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
	    'query', jsonb_build_object('actor_id', stranger,
	    'from', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD'),
	    'to', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD'))));
	ASSERT json_array_length(r.body) = 4, 'today, by dates';
	r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
	    'query', jsonb_build_object('actor_id', stranger,
	    'from', api.ts(now()), 'to', api.ts(now()))));
	ASSERT json_array_length(r.body) = 4, 'from and to are included';
	r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
	    'query', jsonb_build_object('actor_id', stranger,
	    'from', api.ts(now() + interval '1 microsecond'))));
	ASSERT json_array_length(r.body) = 0, 'after from';
	r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
	    'query', jsonb_build_object('actor_id', stranger,
	    'to', to_char((now() - interval '1 day') AT TIME ZONE 'UTC',
	    'YYYY-MM-DD"T"HH24:MI:SS+00:00'))));
	ASSERT json_array_length(r.body) = 0, 'before to';

	-- Pages of 3 and 1 hold the four, in order.
	c := NULL;
	LOOP
		r := pg_temp.call('audit_events_list', admin, jsonb_build_object(
		    'query', jsonb_build_object('actor_id', stranger, 'limit', 3)
		    || CASE WHEN c IS NULL THEN '{}'::jsonb
		       ELSE jsonb_build_object('cursor', c) END));
		got := got || ARRAY(SELECT x->>'id'
		    FROM json_array_elements(r.body) x);
		EXIT WHEN r.next_cursor IS NULL;
		c := r.next_cursor::jsonb;
	END LOOP;
	ASSERT got = all_ids, format('pages: %s, not %s', got, all_ids);

	-- Malformed periods: 400 on the field.
	PERFORM pg_temp.raises('audit_events_list', admin,
	    '{"query":{"from":"yesterday"}}', 'JB400', 'from', 'invalid_format');
	PERFORM pg_temp.raises('audit_events_list', admin,
	    '{"query":{"to":"2026-02-30"}}', 'JB400', 'to', 'invalid_format');
	PERFORM pg_temp.raises('audit_events_list', admin,
	    '{"query":{"to":"2026-01-01T25:00:00Z"}}', 'JB400', 'to',
	    'invalid_format');
	PERFORM pg_temp.raises('audit_events_list', admin,
	    '{"query":{"from":"2026-05-02","to":"2026-05-01"}}', 'JB400', 'to',
	    'out_of_range');
	r := pg_temp.call('audit_events_list', admin,
	    '{"query":{"from":"2026-05-01","to":"2026-05-01T10:00:00+02:00"}}');
	ASSERT r.status = 200, 'a date and a date-time with an offset';
END
$$;
