-- tests/sql/matches.sql — api.seekers_matches (sql/api/matches.sql): scope
-- (as seekers_get), which jobs are left out, the order, a hand-computed
-- score with its reasons, the limit, a seeker without a location, and the
-- match texts (job_match_texts) that follow every job.
--
-- The jobs are made here, around a seeker of our own on Bornholm (0400,
-- far from every demo job), so the demo data cannot change the results.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/matches.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- Test ids: the seeker Test Matcher f7100000-…-01, jobs f7000000-…-NN.
CREATE FUNCTION pg_temp.matcher() RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.uid('f7100000', 1) $$;
CREATE FUNCTION pg_temp.test_job(n int) RETURNS text
LANGUAGE sql AS $$ SELECT pg_temp.uid('f7000000', n) $$;

-- The matches of the test seeker for ctx (admin by default), as
-- (position, job id, score, reasons), only the test jobs.
CREATE FUNCTION pg_temp.matches(query jsonb DEFAULT '{}',
    ctx jsonb DEFAULT NULL) RETURNS TABLE (pos bigint, id text,
    score numeric, reasons json)
LANGUAGE sql AS $$
	SELECT x.o, x.m->'job'->>'id', (x.m->>'score')::numeric, x.m->'reasons'
	FROM json_array_elements((pg_temp.call('seekers_matches',
	    coalesce(ctx, pg_temp.ctx('admin')),
	    jsonb_build_object('id', pg_temp.matcher(), 'query',
	        query))).body->'data') WITH ORDINALITY x(m, o)
	WHERE x.m->'job'->>'id' LIKE 'f7000000-%'
	ORDER BY x.o
$$;

-- The test job numbers in result order.
CREATE FUNCTION pg_temp.order_of(query jsonb DEFAULT '{}') RETURNS int[]
LANGUAGE sql AS $$
	SELECT coalesce(array_agg(right(id, 2)::int ORDER BY pos), '{}')
	FROM pg_temp.matches(query)
$$;

-- The seeker: max 15 h, skånejob, needs one supervisor, 10 km, interests
-- with a duplicate in another case and a third one that the cap cuts.
INSERT INTO seekers (id, first_name, last_name, birth_date,
    municipality_code, max_weekly_hours, job_types, interests,
    travel_radius_km, lat, lon, needs_single_supervisor, consents_processing)
VALUES (pg_temp.matcher()::uuid, 'Test', 'Matcher', '1995-01-01', '0400',
    15, '{skaanejob}', '{Lager,lager,fodbold,kaffe}', 10, 55.10, 14.70, true,
    true);

-- Jobs (employer e…01); published ones at the seeker's spot unless noted.
INSERT INTO jobs (id, employer_id, title, description, easy_read_summary,
    tasks, job_type, weekly_hours, single_supervisor, positions, filled,
    municipality_code, lat, lon, status, published_at)
SELECT pg_temp.test_job(n)::uuid, 'e0000000-0000-4000-8000-000000000001', title,
    'Test job', coalesce(summary, 'Du gør rent.'), tasks, type, hours, single, 1, filled, code, lat,
    lon, status, CASE WHEN status <> 'draft'
        THEN now() - make_interval(days => age) END
FROM (VALUES
    -- 1: the hand-computed one, 3.34 km north (0.03° of latitude)
    (1, 'Lagermedarbejder', 'Du hjælper på LAGERET. Vi snakker om fodbold og kaffe.',
     '{"Pakke varer"}'::text[], 'skaanejob', 12.0, true, 0, '0400',
     55.13, 14.70, 'published', 5),
    -- 2: 3 hours over the max (kept, no hours points), nothing else but
    -- the distance 0
    (2, 'Pedel', NULL, '{}', 'fleksjob', 18.0, false, 0, '0400', 55.10,
     14.70, 'published', 1),
    -- 3: 6 hours over the max: excluded
    (3, 'Pedel', NULL, '{}', 'skaanejob', 21.0, true, 0, '0400', 55.10,
     14.70, 'published', 1),
    -- 4: exactly 5 hours over: kept
    (4, 'Pedel', NULL, '{}', 'skaanejob', 20.0, true, 0, '0400', 55.10,
     14.70, 'published', 1),
    -- 5 draft, 6 closed, 7 published but full, 8 filled: excluded
    (5, 'Lager', NULL, '{}', 'skaanejob', 10.0, true, 0, '0400', 55.10,
     14.70, 'draft', 1),
    (6, 'Lager', NULL, '{}', 'skaanejob', 10.0, true, 0, '0400', 55.10,
     14.70, 'closed', 1),
    (7, 'Lager', NULL, '{}', 'skaanejob', 10.0, true, 1, '0400', 55.10,
     14.70, 'published', 1),
    (8, 'Lager', NULL, '{}', 'skaanejob', 10.0, true, 1, '0400', 55.10,
     14.70, 'filled', 1),
    -- 9: 11.1 km away, beyond the 10 km radius: excluded
    (9, 'Lager', NULL, '{}', 'skaanejob', 10.0, true, 0, '0400', 55.20,
     14.70, 'published', 1),
    -- 10: no location, same municipality
    (10, 'Pedel', NULL, '{}', 'skaanejob', 10.0, true, 0, '0400', NULL,
     NULL, 'published', 1),
    -- 11: no location, another municipality
    (11, 'Pedel', NULL, '{}', 'ordinary', 10.0, false, 0, '0101', NULL,
     NULL, 'published', 1),
    -- 12: applied to (withdrawn): excluded
    (12, 'Lager', NULL, '{}', 'skaanejob', 10.0, true, 0, '0400', 55.10,
     14.70, 'published', 1),
    -- 13, 14: same score as 2, published earlier (same moment): after 2,
    -- then by id
    (13, 'Pedel', NULL, '{}', 'fleksjob', 18.0, false, 0, '0400', 55.10,
     14.70, 'published', 2),
    (14, 'Pedel', NULL, '{}', 'fleksjob', 18.0, false, 0, '0400', 55.10,
     14.70, 'published', 2)
) AS v (n, title, summary, tasks, type, hours, single, filled, code, lat,
    lon, status, age);
INSERT INTO applications (seeker_id, job_id, status)
VALUES (pg_temp.matcher()::uuid, pg_temp.test_job(12)::uuid, 'withdrawn');

DO $$
DECLARE
	r	api.result;
	m	record;
	args	jsonb := jsonb_build_object('id', pg_temp.matcher(),
	    'query', '{"limit":20}'::jsonb);
	other	text := gen_random_uuid()::text;
BEGIN
	-- Scope: as seekers_get.
	r := pg_temp.call('seekers_matches', pg_temp.ctx('admin'), args);
	ASSERT r.status = 200 AND r.etag IS NULL AND r.next_cursor IS NULL
	    AND json_typeof(r.body) = 'object'
	    AND json_typeof(r.body->'data') = 'array', 'admin: 200 {"data":[…]}';
	r := pg_temp.call('seekers_matches', pg_temp.ctx('seeker',
	    seeker => pg_temp.matcher(), sub => other), args);
	ASSERT r.status = 200, 'the seeker themselves';
	r := pg_temp.call('seekers_matches', pg_temp.ctx('partner', '{0400}'), args);
	ASSERT r.status = 200, 'partner in the municipality';
	r := pg_temp.call('seekers_matches', pg_temp.ctx('consultant', '{0400}',
	    sub => other), args);
	ASSERT r.status = 200, 'consultant in the municipality';
	PERFORM pg_temp.raises('seekers_matches', pg_temp.ctx('seeker',
	    seeker => 'c0000000-0000-4000-8000-000000000001', sub => other),
	    args, 'JB404');
	PERFORM pg_temp.raises('seekers_matches', pg_temp.ctx('partner', '{0101}'),
	    args, 'JB404');
	PERFORM pg_temp.raises('seekers_matches', pg_temp.ctx('consultant',
	    '{0101,0751}', sub => 'a0000000-0000-4000-8000-000000000001'),
	    args, 'JB404');
	PERFORM pg_temp.raises('seekers_matches', pg_temp.ctx('employer',
	    employer => 'e0000000-0000-4000-8000-000000000001'), args, 'JB404');
	PERFORM pg_temp.raises('seekers_matches', pg_temp.ctx('admin'),
	    jsonb_build_object('id', other, 'query', '{"limit":20}'::jsonb),
	    'JB404');

	-- Exclusions and order: score DESC, published_at DESC, id.
	ASSERT pg_temp.order_of('{"limit":20}') = '{1,10,4,11,2,13,14}',
	    format('order/exclusions: %s', pg_temp.order_of('{"limit":20}'));
	-- Nothing but the test jobs (Bornholm is far from every demo job and
	-- the demo jobs all have a location).
	ASSERT json_array_length((pg_temp.call('seekers_matches',
	    pg_temp.ctx('admin'), args)).body->'data') = 7, 'only test jobs';

	-- The hand-computed score of job 1: hours 30 + type 20 + supervisor 20
	-- + distance 20 * (1 - 3.33585 / 10) = 13.3283 + interests "Lager",
	-- "fodbold" 10 (the duplicate "lager" counts once, "kaffe" is over the
	-- cap) = 93.3283 → 93.3.
	SELECT * INTO m FROM pg_temp.matches('{"limit":20}') WHERE id = pg_temp.test_job(1);
	ASSERT m.score = 93.3, format('score of job 1: %s', m.score);
	ASSERT m.reasons::jsonb = '["12 hours a week, within your maximum of 15",
	    "A skaanejob, as you wanted", "One supervisor, as you need",
	    "3.3 km away, within your 10 km",
	    "Matches your interest in \"Lager\"",
	    "Matches your interest in \"fodbold\""]'::jsonb,
	    format('reasons of job 1: %s', m.reasons);
	-- The other scores and reasons.
	SELECT * INTO m FROM pg_temp.matches('{"limit":20}') WHERE id = pg_temp.test_job(10);
	ASSERT m.score = 80 AND m.reasons::jsonb = '["10 hours a week, within your maximum of 15",
	    "A skaanejob, as you wanted", "One supervisor, as you need",
	    "In your municipality"]'::jsonb, format('job 10: %s %s', m.score, m.reasons);
	SELECT * INTO m FROM pg_temp.matches('{"limit":20}') WHERE id = pg_temp.test_job(4);
	ASSERT m.score = 60 AND m.reasons::jsonb = '["A skaanejob, as you wanted",
	    "One supervisor, as you need",
	    "0.0 km away, within your 10 km"]'::jsonb, format('job 4: %s %s', m.score, m.reasons);
	SELECT * INTO m FROM pg_temp.matches('{"limit":20}') WHERE id = pg_temp.test_job(11);
	ASSERT m.score = 35 AND m.reasons::jsonb = '["10 hours a week, within your maximum of 15",
	    "Distance unknown"]'::jsonb, format('job 11: %s %s', m.score, m.reasons);
	SELECT * INTO m FROM pg_temp.matches('{"limit":20}') WHERE id = pg_temp.test_job(2);
	ASSERT m.score = 20 AND m.reasons::jsonb = '["0.0 km away, within your 10 km"]'::jsonb,
	    format('job 2: %s %s', m.score, m.reasons);
	-- The job JSON is api.job_json.
	ASSERT (SELECT x->'job' FROM json_array_elements((pg_temp.call(
	    'seekers_matches', pg_temp.ctx('admin'), args)).body->'data') x
	    LIMIT 1)::jsonb = (SELECT api.job_json(j)::jsonb FROM jobs j
	    WHERE j.id = pg_temp.test_job(1)::uuid), 'job JSON';

	-- Limit: the best N; default 20.
	ASSERT pg_temp.order_of('{"limit":2}') = '{1,10}', 'limit 2';
	ASSERT pg_temp.order_of('{"limit":1}') = '{1}', 'limit 1';
	ASSERT pg_temp.order_of('{}') = '{1,10,4,11,2,13,14}', 'default limit';

	-- Without a location: no radius, municipality points instead; job 9
	-- (beyond the radius before) is back. No hours max: 30 for every job.
	UPDATE seekers SET lat = NULL, lon = NULL, max_weekly_hours = NULL,
	    job_types = '{}', needs_single_supervisor = false, interests = '{}'
	WHERE id = pg_temp.matcher()::uuid;
	SELECT * INTO m FROM pg_temp.matches('{"limit":100}') WHERE id = pg_temp.test_job(1);
	ASSERT m.score = 60 AND m.reasons::jsonb = '["12 hours a week",
	    "A skaanejob, and any job type suits you",
	    "You do not need a single supervisor",
	    "In your municipality"]'::jsonb, format('no location: %s %s', m.score, m.reasons);
	ASSERT pg_temp.order_of('{"limit":100}') = '{2,3,4,9,10,13,14,1,11}',
	    format('no location order: %s', pg_temp.order_of('{"limit":100}'));

	-- Interests are matched against job_match_texts, which follows every
	-- job's title, tasks and easy-read summary (0009_match_texts).
	ASSERT (SELECT count(*) FROM jobs) = (SELECT count(*) FROM job_match_texts),
	    'a match text per job';
	UPDATE jobs SET title = 'Hjælper i DYREHANDEL', tasks = '{Fodre}',
	    easy_read_summary = 'Du FODRER dyr.'
	WHERE id = pg_temp.test_job(1)::uuid;
	ASSERT (SELECT match_text FROM job_match_texts
	    WHERE job_id = pg_temp.test_job(1)::uuid)
	    = E'hjælper i dyrehandel\nfodre\ndu fodrer dyr.',
	    'match text follows the job';
	UPDATE seekers SET interests = '{Dyrehandel}'
	WHERE id = pg_temp.matcher()::uuid;
	SELECT * INTO m FROM pg_temp.matches('{"limit":100}') WHERE id = pg_temp.test_job(1);
	ASSERT m.score = 65 AND m.reasons->>-1 = 'Matches your interest in "Dyrehandel"',
	    format('interest after a title change: %s %s', m.score, m.reasons);

	-- A seeker who wants easy-read texts: +10 for a very easy or easy
	-- summary ("Du FODRER dyr.": 3 words, none long: LIX 3.0), +5 for a
	-- medium one (36.3), nothing for a hard one, with the reason before
	-- the interests.
	UPDATE seekers SET easy_read = true WHERE id = pg_temp.matcher()::uuid;
	SELECT * INTO m FROM pg_temp.matches('{"limit":100}') WHERE id = pg_temp.test_job(1);
	ASSERT m.score = 75 AND m.reasons->>-2
	    = 'Easy to read: the summary has LIX 3.0 (very easy)',
	    format('easy read: %s %s', m.score, m.reasons);
	UPDATE jobs SET easy_read_summary = 'Du sorterer posten.'
	WHERE id = pg_temp.test_job(1)::uuid;
	SELECT * INTO m FROM pg_temp.matches('{"limit":100}') WHERE id = pg_temp.test_job(1);
	ASSERT m.score = 65 + 5 AND m.reasons->>-2
	    = 'Easy to read: the summary has LIX 36.3 (medium)',
	    format('medium: %s %s', m.score, m.reasons);
	UPDATE jobs SET easy_read_summary = 'Arbejdsopgaverne varierer.'
	WHERE id = pg_temp.test_job(1)::uuid;	-- 2 + 100 = 102.0
	SELECT * INTO m FROM pg_temp.matches('{"limit":100}') WHERE id = pg_temp.test_job(1);
	ASSERT m.score = 65 AND NOT m.reasons::text LIKE '%Easy to read%',
	    format('hard: %s %s', m.score, m.reasons);
END
$$;

\echo 'tests/sql/matches.sql: all assertions passed'
