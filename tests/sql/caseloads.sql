-- tests/sql/caseloads.sql — api.caseloads_list (each consultant's seekers
-- by stage, overdue follow-ups and upcoming interviews; which consultants
-- a caller sees; filters; keyset pages) and the seeker's stage it counts:
-- api.seeker_stage, "stage" in the JSON of seekers_get and the stage
-- filter of seekers_list (sql/api/seekers.sql), on the same seekers.
--
-- The numbers are checked on rows made here (stats_fixture.psql's
-- employers, jobs and consultants; the seekers below), read through
-- callers scoped to exactly those rows, so the demo data (which may grow)
-- cannot change them.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/caseloads.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
\ir stats_fixture.psql

-- ---------------------------------------------------------------------------
-- Caseloads and stages fixture: c2's seekers sa-si, c1's sj; their
-- applications (to employer2's jobs), sb's interviews, se's placement
-- and follow-ups.
--
--   seeker mun. status    open applications        stage      other
--   sa     0101 active    -                        searching
--   sb     0101 active    submitted                submitted  interviews:
--                                                  scheduled in 2 days
--                                                  (upcoming), cancelled
--                                                  in 3 days, scheduled 2
--                                                  days ago (not)
--   sc     0751 active    interview (+ rejected)   interview
--   sd     0101 paused    submitted                paused
--   se     0101 placed    - (hired)                placed     follow-ups:
--                                                  pending due yesterday
--                                                  (overdue), pending due
--                                                  tomorrow, done, missed;
--                                                  paperwork: 3 overdue
--   sf     0751 inactive  -                        inactive
--   sg     0101 active    offered, in_review       offered
--   sh     0101 active    in_review (+ withdrawn)  in_review
--   si     0751 active    - (rejected)             searching
--   sj     0461 active    - (c1's)                 searching
-- ---------------------------------------------------------------------------
CREATE TEMP TABLE crowd (name text PRIMARY KEY, consultant text, code text,
    status text, stage text);
INSERT INTO crowd VALUES
    ('sa', 'c2', '0101', 'active', 'searching'),
    ('sb', 'c2', '0101', 'active', 'submitted'),
    ('sc', 'c2', '0751', 'active', 'interview'),
    ('sd', 'c2', '0101', 'paused', 'paused'),
    ('se', 'c2', '0101', 'placed', 'placed'),
    ('sf', 'c2', '0751', 'inactive', 'inactive'),
    ('sg', 'c2', '0101', 'active', 'offered'),
    ('sh', 'c2', '0101', 'active', 'in_review'),
    ('si', 'c2', '0751', 'active', 'searching'),
    ('sj', 'c1', '0461', 'active', 'searching');
INSERT INTO fx (name) SELECT name FROM crowd;
INSERT INTO seekers (id, first_name, last_name, birth_date, municipality_code,
    consultant_id, consents_processing, status)
SELECT pg_temp.fx(name), 'Case', name, '1995-05-05', code,
    pg_temp.fx(consultant), true, status
FROM crowd;

CREATE TEMP TABLE crowd_apps (seeker text, job text, status text,
    id uuid NOT NULL DEFAULT gen_random_uuid());
INSERT INTO crowd_apps (seeker, job, status) VALUES
    ('sb', 'job2', 'submitted'),
    ('sc', 'job2', 'interview'), ('sc', 'job3', 'rejected'),
    ('sd', 'job2', 'submitted'),
    ('se', 'job2', 'hired'),
    ('sg', 'job2', 'offered'), ('sg', 'job3', 'in_review'),
    ('sh', 'job2', 'in_review'), ('sh', 'job3', 'withdrawn'),
    ('si', 'job2', 'rejected');
INSERT INTO applications (id, seeker_id, job_id, status)
SELECT id, pg_temp.fx(seeker), pg_temp.fx(job), status FROM crowd_apps;

INSERT INTO interviews (application_id, seeker_id, job_id, consultant_id,
    starts_at, ends_at, status)
SELECT a.id, pg_temp.fx('sb'), pg_temp.fx('job2'), pg_temp.fx('c2'),
    now() + d * interval '1 day', now() + d * interval '1 day'
    + interval '1 hour', v.status
FROM crowd_apps a, (VALUES (2, 'scheduled'), (3, 'cancelled'),
    (-2, 'scheduled')) v (d, status)
WHERE a.seeker = 'sb';

INSERT INTO fx (name) VALUES ('pl_se');
INSERT INTO placements (id, application_id, seeker_id, job_id, employer_id,
    start_date, weekly_hours, job_type)
SELECT pg_temp.fx('pl_se'), a.id, pg_temp.fx('se'), pg_temp.fx('job2'),
    pg_temp.fx('employer2'), current_date - 100, 10, 'fleksjob'
FROM crowd_apps a WHERE a.seeker = 'se';
INSERT INTO follow_ups (placement_id, seeker_id, due_on, month, status,
    completed_at, still_employed)
SELECT pg_temp.fx('pl_se'), pg_temp.fx('se'), current_date + d, m, status,
    CASE WHEN status = 'done' THEN now() END,
    CASE WHEN status = 'done' THEN true END
FROM (VALUES (1, -70, 'done'), (3, -1, 'pending'), (6, 1, 'pending'),
    (12, -5, 'missed')) v (m, d, status);
-- se's paperwork (fleksjob, five steps, all due by day 45): one done, one
-- not needed, three open past due (overdue).
UPDATE placement_paperwork SET status = 'done', done_on = current_date
WHERE placement_id = pg_temp.fx('pl_se') AND step = 'contract_signed';
UPDATE placement_paperwork SET status = 'not_needed'
WHERE placement_id = pg_temp.fx('pl_se') AND step = 'union_information_given';

-- The stages object with these counts (searching, submitted, in_review,
-- interview, offered, placed, paused, inactive).
CREATE FUNCTION pg_temp.stages(VARIADIC n int[]) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_object_agg(k, n[i])
	FROM unnest(ARRAY['searching', 'submitted', 'in_review', 'interview',
	    'offered', 'placed', 'paused', 'inactive']) WITH ORDINALITY u (k, i)
$$;

-- The one caseload item of consultant c as the caller ctx sees it (NULL
-- when not listed).
CREATE FUNCTION pg_temp.caseload(ctx jsonb, c text) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT (pg_temp.call('caseloads_list', ctx, jsonb_build_object('query',
	    jsonb_build_object('limit', 20, 'consultant_id', pg_temp.fx(c)))))
	    .body::jsonb->0
$$;

-- The consultants (our names) of a caseloads page, in order.
CREATE FUNCTION pg_temp.names(body json) RETURNS text[]
LANGUAGE sql AS $$
	SELECT coalesce(array_agg(fx.name ORDER BY o), '{}')
	FROM json_array_elements(body) WITH ORDINALITY x (item, o)
	JOIN fx ON fx.id = (x.item->>'consultant_id')::uuid
$$;

-- The seekers (our names) a seekers_list call returns, sorted.
CREATE FUNCTION pg_temp.seekers(ctx jsonb, query jsonb) RETURNS text[]
LANGUAGE sql AS $$
	SELECT coalesce(array_agg(fx.name ORDER BY fx.name), '{}')
	FROM unnest(pg_temp.ids((pg_temp.call('seekers_list', ctx,
	    jsonb_build_object('query', '{"limit":100}'::jsonb || query)))
	    .body)) i
	JOIN fx ON fx.id = i::uuid
$$;

-- ---------------------------------------------------------------------------
-- Caseloads
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	c1	jsonb := pg_temp.consultant('c1', '{0101}');
	partner	jsonb := pg_temp.ctx('partner', '{0751}');
	item	jsonb;
	page	text[];
BEGIN
	-- admin: every one of c2's seekers.
	r := pg_temp.call('caseloads_list', admin, jsonb_build_object('query',
	    jsonb_build_object('limit', 20, 'consultant_id', pg_temp.fx('c2'))));
	ASSERT r.status = 200 AND r.etag IS NULL AND r.next_cursor IS NULL
	    AND json_array_length(r.body) = 1, 'one consultant: ' || r.body;
	ASSERT r.body::jsonb->0 = jsonb_build_object(
	    'consultant_id', pg_temp.fx('c2'), 'name', 'Consultant c2',
	    'email', 'c2-' || pg_temp.fx('c2') || '@stats.test',
	    'municipality_codes', '["0101","0751"]'::jsonb, 'seekers', 9,
	    'stages', pg_temp.stages(2, 1, 1, 1, 1, 1, 1, 1),
	    'follow_ups_overdue', 1, 'interviews_upcoming', 1,
	    'paperwork_overdue', 3),
	    'c2 for admin: ' || r.body;
	ASSERT (SELECT array_agg(k ORDER BY o) FROM json_object_keys(r.body->0)
	    WITH ORDINALITY x (k, o)) = '{consultant_id,name,email,municipality_codes,seekers,stages,follow_ups_overdue,interviews_upcoming,paperwork_overdue}',
	    'item keys';

	-- A consultant sharing 0101 counts c2's seekers in 0101 only; a
	-- partner of 0751 those in 0751 (se's overdue follow-up and sb's
	-- interview are in 0101).
	ASSERT pg_temp.caseload(c1, 'c2') - 'email' - 'name'
	    - 'municipality_codes' = jsonb_build_object(
	    'consultant_id', pg_temp.fx('c2'), 'seekers', 6,
	    'stages', pg_temp.stages(1, 1, 1, 0, 1, 1, 1, 0),
	    'follow_ups_overdue', 1, 'interviews_upcoming', 1,
	    'paperwork_overdue', 3),
	    'c2 for c1: ' || pg_temp.caseload(c1, 'c2');
	ASSERT pg_temp.caseload(partner, 'c2') - 'email' - 'name'
	    - 'municipality_codes' = jsonb_build_object(
	    'consultant_id', pg_temp.fx('c2'), 'seekers', 3,
	    'stages', pg_temp.stages(1, 0, 0, 1, 0, 0, 0, 1),
	    'follow_ups_overdue', 0, 'interviews_upcoming', 0,
	    'paperwork_overdue', 0),
	    'c2 for the partner: ' || pg_temp.caseload(partner, 'c2');

	-- Their own caseload (sj in 0461, outside c1's municipality); a
	-- consultant without seekers: every stage 0.
	ASSERT pg_temp.caseload(c1, 'c1')->'seekers' = '1'
	    AND pg_temp.caseload(c1, 'c1')->'stages'
	        = pg_temp.stages(1, 0, 0, 0, 0, 0, 0, 0), 'c1 for c1';
	ASSERT pg_temp.caseload(admin, 'c3') - 'consultant_id' - 'email'
	    = jsonb_build_object('name', 'Consultant c3',
	    'municipality_codes', '["0461"]'::jsonb, 'seekers', 0,
	    'stages', pg_temp.stages(0, 0, 0, 0, 0, 0, 0, 0),
	    'follow_ups_overdue', 0, 'interviews_upcoming', 0,
	    'paperwork_overdue', 0),
	    'c3: zeros: ' || pg_temp.caseload(admin, 'c3');

	-- Stages sum to seekers, for everyone and every caller.
	ASSERT NOT EXISTS (SELECT 1
	    FROM unnest(ARRAY[admin, c1, partner, pg_temp.karin()]) ctx,
	        json_array_elements((pg_temp.call('caseloads_list', ctx,
	            '{"query":{"limit":100}}')).body) i
	    WHERE (i->>'seekers')::int <> (SELECT sum(v::int)
	        FROM json_each_text(i->'stages') s (k, v))
	       OR (SELECT count(*) FROM json_object_keys(i->'stages')) <> 8),
	    'stages sum to seekers';

	-- Which consultants: admin all; a consultant themselves and those
	-- sharing a municipality; a partner those in theirs.
	page := pg_temp.names((pg_temp.call('caseloads_list', c1,
	    '{"query":{"limit":100}}')).body);
	ASSERT page @> '{c1,c2}' AND NOT page && '{c3,ck}', 'c1 sees: ' || page::text;
	page := pg_temp.names((pg_temp.call('caseloads_list',
	    pg_temp.consultant('c3', '{0461}'), '{"query":{"limit":100}}')).body);
	ASSERT page = '{c3}', 'c3 sees: ' || page::text;
	page := pg_temp.names((pg_temp.call('caseloads_list', partner,
	    '{"query":{"limit":100}}')).body);
	ASSERT page = '{c2}', 'partner of 0751 sees: ' || page::text;
	ASSERT pg_temp.caseload(partner, 'c1') IS NULL
	    AND pg_temp.caseload(c1, 'c3') IS NULL, 'out of scope: not listed';
	page := pg_temp.names((pg_temp.call('caseloads_list', admin,
	    '{"query":{"limit":100,"municipality_code":"0461"}}')).body);
	ASSERT page = '{c3}', 'municipality_code (the consultant''s): '
	    || page::text;

	-- Newest first, keyset pages (ours are the newest).
	r := pg_temp.call('caseloads_list', admin, '{"query":{"limit":2}}');
	ASSERT pg_temp.names(r.body) = '{c3,c2}'
	    AND r.next_cursor::jsonb = api.created_key((SELECT created_at
	        FROM users WHERE id = pg_temp.fx('c2')), pg_temp.fx('c2'))::jsonb,
	    'page 1: ' || pg_temp.names(r.body)::text || ' ' || r.next_cursor;
	r := pg_temp.call('caseloads_list', admin, jsonb_build_object('query',
	    jsonb_build_object('limit', 2, 'cursor', r.next_cursor::jsonb)));
	ASSERT pg_temp.names(r.body) = '{c1,ck}', 'page 2: '
	    || pg_temp.names(r.body)::text;

	PERFORM pg_temp.raises('caseloads_list', pg_temp.mette(),
	    '{"query":{"limit":20}}', 'JB403');
	PERFORM pg_temp.raises('caseloads_list', pg_temp.emil(),
	    '{"query":{"limit":20}}', 'JB403');
END
$$;

-- ---------------------------------------------------------------------------
-- Seeker stage: the function, the JSON, the list filter
-- ---------------------------------------------------------------------------
DO $$
DECLARE
	admin	jsonb := pg_temp.ctx('admin');
	r	api.result;
	b	json;
	st	text;
	args	jsonb;
	walked	text[] := '{}';
BEGIN
	ASSERT NOT EXISTS (SELECT 1 FROM crowd c JOIN seekers s
	    ON s.id = pg_temp.fx(c.name) WHERE api.seeker_stage(s) <> c.stage),
	    'api.seeker_stage';

	-- "stage" right after "status", on every seeker JSON.
	b := (pg_temp.call('seekers_get', admin, jsonb_build_object('id',
	    pg_temp.fx('sg')))).body;
	ASSERT b->>'stage' = 'offered' AND (SELECT array_agg(k ORDER BY o)
	    FROM json_object_keys(b) WITH ORDINALITY x (k, o)
	    WHERE k IN ('status', 'stage', 'created_at'))
	    = '{status,stage,created_at}', 'stage after status: ' || b;
	ASSERT (SELECT count(*) FROM json_object_keys(b)) = 22, 'one more key';

	-- The filter, alone and with the others.
	FOR st IN SELECT DISTINCT stage FROM crowd LOOP
		ASSERT pg_temp.seekers(admin, jsonb_build_object('stage', st,
		    'consultant_id', pg_temp.fx('c2'))) = (SELECT array_agg(name
		    ORDER BY name) FROM crowd WHERE stage = st
		    AND consultant = 'c2'), 'stage ' || st;
	END LOOP;
	ASSERT pg_temp.seekers(admin, jsonb_build_object('stage', 'searching'))
	    @> '{sa,si,sj}', 'stage without other filters';
	ASSERT pg_temp.seekers(admin, jsonb_build_object('stage', 'interview',
	    'municipality_code', '0101', 'consultant_id', pg_temp.fx('c2')))
	    = '{}', 'stage and municipality_code';
	ASSERT pg_temp.seekers(admin, jsonb_build_object('stage', 'paused',
	    'status', 'active')) = '{}', 'stage and status';
	ASSERT pg_temp.seekers(pg_temp.ctx('partner', '{0751}'),
	    jsonb_build_object('stage', 'searching')) @> '{si}'
	    AND NOT pg_temp.seekers(pg_temp.ctx('partner', '{0751}'),
	    jsonb_build_object('stage', 'searching')) && '{sa,sj}',
	    'stage within scope';

	-- Keyset pages of one with a stage filter walk the same seekers.
	args := jsonb_build_object('query', jsonb_build_object('limit', 1,
	    'stage', 'searching', 'consultant_id', pg_temp.fx('c2')));
	LOOP
		r := pg_temp.call('seekers_list', admin, args);
		walked := walked || pg_temp.ids(r.body);
		EXIT WHEN r.next_cursor IS NULL;
		args := jsonb_set(args, '{query,cursor}', r.next_cursor::jsonb);
	END LOOP;
	ASSERT (SELECT array_agg(fx.name ORDER BY fx.name) FROM unnest(walked) i
	    JOIN fx ON fx.id = i::uuid) = '{sa,si}' AND cardinality(walked) = 2,
	    'keyset pages: ' || walked::text;
END
$$;

\echo 'tests/sql/caseloads.sql: all assertions passed'
