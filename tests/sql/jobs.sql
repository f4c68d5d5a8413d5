-- tests/sql/jobs.sql — api.jobs_list (scope per role, keyset pages,
-- full-text search, near/radius and combined filters), api.jobs_get (scope,
-- JSON), and the writes api.jobs_create, jobs_update (scope, constraints,
-- If-Match, merge patch), jobs_publish, jobs_close and jobs_delete (which
-- states allow them).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/jobs.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

-- ---------------------------------------------------------------- jobs: reading
DO $$
DECLARE
	r	api.result;
	anon	jsonb := pg_temp.ctx('anonymous');
	all_ids	text[];
	walked	text[] := '{}';
	args	jsonb := '{"query":{"limit":7}}';
	pages	int := 0;
BEGIN
	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100}}');
	all_ids := pg_temp.ids(r.body);
	ASSERT cardinality(all_ids) = 19 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'status' <> 'published'), 'anonymous sees published only';
	ASSERT r.body->0->>'created_at' ~
	    '^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$', 'RFC 3339 timestamps';

	LOOP	-- keyset pagination walks the same rows in the same order
		r := pg_temp.call('jobs_list', anon, args);
		walked := walked || pg_temp.ids(r.body);
		pages := pages + 1;
		EXIT WHEN r.next_cursor IS NULL OR pages > 10;
		args := jsonb_set(args, '{query,cursor}', r.next_cursor::jsonb);
	END LOOP;
	ASSERT pages = 3 AND walked = all_ids, 'pagination walks every job once';

	ASSERT json_array_length((pg_temp.call('jobs_list', pg_temp.ctx('admin'),
	    '{"query":{"limit":100}}')).body) = 25, 'admin sees all jobs';
	ASSERT json_array_length((pg_temp.call('jobs_list',
	    pg_temp.ctx('consultant', '{0101}'),
	    '{"query":{"limit":100}}')).body) = 21,
	    'consultant: published + own municipality';
	ASSERT json_array_length((pg_temp.call('jobs_list',
	    pg_temp.ctx('employer', '{}', 'e0000000-0000-4000-8000-000000000001'),
	    '{"query":{"limit":100}}')).body) = 20,
	    'employer: published + own';
	ASSERT json_array_length((pg_temp.call('jobs_list', pg_temp.ctx('seeker'),
	    '{"query":{"limit":100,"status":"draft"}}')).body) = 0,
	    'seeker never sees drafts';

	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100,"q":"lager"}}');
	ASSERT pg_temp.ids(r.body) @> ARRAY['10b00000-0000-4000-8000-000000000018',
	    '10b00000-0000-4000-8000-000000000020'], 'full-text search q=lager';

	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100,
	    "near":{"lat":55.6761,"lon":12.5683},"radius_km":5}}');
	ASSERT json_array_length(r.body) = 6 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'municipality_code' <> '0101'), 'near København, 5 km';

	r := pg_temp.call('jobs_list', anon, '{"query":{"limit":100,
	    "job_type":"skaanejob","max_weekly_hours":10,"single_supervisor":true,
	    "municipality_code":"0101"}}');
	ASSERT json_array_length(r.body) = 3 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'job_type' <> 'skaanejob'
	       OR (x->>'weekly_hours')::numeric > 10), 'combined filters';

	PERFORM pg_temp.raises('jobs_get', anon,
	    '{"id":"10b00000-0000-4000-8000-000000000004"}', 'JB404');
	r := pg_temp.call('jobs_get',
	    pg_temp.ctx('employer', '{}', 'e0000000-0000-4000-8000-000000000001'),
	    '{"id":"10b00000-0000-4000-8000-000000000004"}');
	ASSERT r.status = 200 AND r.etag = '"1"'
	    AND r.body->>'status' = 'draft', 'employer sees own draft';
	r := pg_temp.call('jobs_get', anon,
	    '{"id":"10b00000-0000-4000-8000-000000000001"}');
	ASSERT r.body->'location'->>'lat' = '55.6927'
	    AND json_typeof(r.body->'hourly_wage_dkk') = 'number'
	    AND r.body->>'starts_on' = '2025-10-01'
	    AND json_typeof(r.body->'tasks') = 'array', 'job json shape';
END
$$;

-- ---------------------------------------------------------------- jobs: writing
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	cons	jsonb := pg_temp.ctx('consultant', '{0101,0751}');
	emp	jsonb := pg_temp.ctx('employer', '{}',
	    'e0000000-0000-4000-8000-000000000001');
	body	jsonb := '{"employer_id":"e0000000-0000-4000-8000-000000000001",
	    "title":"Test","description":"Testjob","job_type":"fleksjob",
	    "weekly_hours":12.5,"municipality_code":"0101",
	    "location":{"lat":55.69,"lon":12.55},"tasks":["a","b"]}';
	id	text;
BEGIN
	PERFORM pg_temp.raises('jobs_create', cons, jsonb_build_object('body',
	    body || '{"employer_id":"e0000000-0000-4000-8000-000000000003"}'),
	    'JB422', 'employer_id', 'not_found');
	PERFORM pg_temp.raises('jobs_create', emp, jsonb_build_object('body',
	    body || '{"employer_id":"e0000000-0000-4000-8000-000000000002"}'),
	    'JB422', 'employer_id', 'not_found');
	PERFORM pg_temp.raises('jobs_create', cons, jsonb_build_object('body',
	    body || '{"municipality_code":"0461"}'), 'JB422',
	    'municipality_code', 'out_of_scope');
	PERFORM pg_temp.raises('jobs_create', admin, jsonb_build_object('body',
	    body || '{"weekly_hours":40}'), '23514', 'jobs_weekly_hours_check');
	PERFORM pg_temp.raises('jobs_create', admin, jsonb_build_object('body',
	    body || '{"municipality_code":"0002"}'), '23503',
	    'jobs_municipality_code_fkey');

	r := pg_temp.call('jobs_create', cons, jsonb_build_object('body', body));
	id := r.body->>'id';
	ASSERT r.status = 201 AND r.etag = '"1"' AND r.body->>'status' = 'draft'
	    AND r.body->>'published_at' IS NULL
	    AND r.body->'location'->>'lon' = '12.55', 'create → 201 draft';

	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'if_match', '"7"', 'body', '{"title":"x"}'::jsonb), 'JB412');
	r := pg_temp.call('jobs_update', cons, jsonb_build_object('id', id,
	    'if_match', '"1"', 'body', '{"title":"Ny titel","location":null,
	    "hourly_wage_dkk":null}'::jsonb));
	ASSERT r.etag = '"2"' AND r.body->>'title' = 'Ny titel'
	    AND json_typeof(r.body->'location') = 'null'
	    AND r.body->>'description' = 'Testjob', 'merge patch bumps version';
	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"positions":0}'::jsonb), '23514', 'jobs_positions_check');
	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"municipality_code":"0851"}'::jsonb), 'JB422', 'municipality_code',
	    'out_of_scope');
	PERFORM pg_temp.raises('jobs_update', pg_temp.ctx('consultant', '{0461}'),
	    jsonb_build_object('id', id, 'body', '{"title":"x"}'::jsonb), 'JB404');

	-- Publishing needs an easy-read summary (not blank).
	PERFORM pg_temp.raises('jobs_publish', emp, jsonb_build_object('id', id),
	    'JB422', 'easy_read_summary', 'required');
	r := pg_temp.call('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"easy_read_summary":"  "}'::jsonb));
	PERFORM pg_temp.raises('jobs_publish', emp, jsonb_build_object('id', id),
	    'JB422', 'easy_read_summary', 'required');
	r := pg_temp.call('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"easy_read_summary":"Du gør rent."}'::jsonb));
	r := pg_temp.call('jobs_publish', emp, jsonb_build_object('id', id));
	ASSERT r.body->>'status' = 'published'
	    AND r.body->>'published_at' IS NOT NULL, 'publish';
	-- ... and a published job keeps one (the constraint, as a field)
	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"easy_read_summary":null}'::jsonb), '23514',
	    'jobs_easy_read_summary_check');
	PERFORM pg_temp.raises('jobs_update', cons, jsonb_build_object('id', id,
	    'body', '{"easy_read_summary":" "}'::jsonb), '23514',
	    'jobs_easy_read_summary_check');
	PERFORM pg_temp.raises('jobs_publish', emp, jsonb_build_object('id', id),
	    'JB409');
	PERFORM pg_temp.raises('jobs_delete', admin, jsonb_build_object('id', id),
	    'JB409');
	r := pg_temp.call('jobs_close', admin,
	    jsonb_build_object('id', id, 'if_match', '*'));
	ASSERT r.body->>'status' = 'closed' AND r.etag = '"6"', 'close';
	PERFORM pg_temp.raises('jobs_close', admin, jsonb_build_object('id', id),
	    'JB409');

	r := pg_temp.call('jobs_create', admin, jsonb_build_object('body', body));
	r := pg_temp.call('jobs_delete', emp,
	    jsonb_build_object('id', r.body->>'id', 'if_match', '"1"'));
	ASSERT r.status = 204 AND r.body IS NULL, 'delete draft → 204';
END
$$;

-- ------------------------------------------------ job boards: fields, feed
DO $$
DECLARE
	r	api.result;
	anon	jsonb := pg_temp.ctx('anonymous');
	feed	text[];
	open_ids text[];
	p	json;
BEGIN
	-- The demo jobs have the job-board fields; jobs 3 and 16 are
	-- published with a deadline that has passed.
	r := pg_temp.call('jobs_get', anon, jsonb_build_object('id',
	    pg_temp.job(1)));
	ASSERT r.body->>'occupation_code' = '9334'
	    AND (r.body->>'application_deadline')::date > current_date
	    AND r.body->'address'->>'postal_code' = '2200', 'demo job 1 fields';
	ASSERT (pg_temp.call('jobs_get', anon, jsonb_build_object('id',
	    pg_temp.job(3)))).body->>'status' = 'published',
	    'a job past its deadline is still published and readable';

	-- The feed: the published jobs whose deadline has not passed.
	r := pg_temp.call('feeds_jobs', anon,
	    '{"query":{"limit":100},"base_url":"https://api.example"}');
	SELECT array_agg(x->'identifier'->>'value'
	    ORDER BY x->'identifier'->>'value') INTO feed
	FROM json_array_elements(r.body) x;
	SELECT array_agg(id::text ORDER BY id::text) INTO open_ids FROM jobs
	WHERE status = 'published' AND (application_deadline IS NULL
	    OR application_deadline
	        >= (now() AT TIME ZONE 'Europe/Copenhagen')::date);
	ASSERT feed = open_ids AND cardinality(feed) >= 15,
	    'feed = open published jobs';
	ASSERT NOT pg_temp.job(3) = ANY (feed)
	    AND NOT pg_temp.job(16) = ANY (feed)
	    AND NOT pg_temp.job(4) = ANY (feed), 'expired and drafts left out';
	-- The same for every caller.
	ASSERT (pg_temp.call('feeds_jobs', pg_temp.ctx('admin'),
	    '{"query":{"limit":100},"base_url":"https://api.example"}')).body::text
	    = r.body::text, 'the feed ignores the caller';

	-- Job 2 has no address: its employer's postal code and city, no street.
	SELECT x INTO p FROM json_array_elements(r.body) x
	WHERE x->'identifier'->>'value' = pg_temp.job(2);
	ASSERT p->'jobLocation'->'address'->>'postalCode' = '2200'
	    AND p->'jobLocation'->'address'->>'addressLocality' = 'København N'
	    AND p->'jobLocation'->'address'->'streetAddress' IS NULL
	    AND p->'jobLocation'->'address'->>'addressRegion'
	        = 'Region Hovedstaden', 'employer''s postal code and city';
	ASSERT p->>'url' = 'https://api.example/v1/jobs/' || pg_temp.job(2)
	    AND p->>'employmentType' = 'PART_TIME'
	    AND p->'baseSalary'->'value'->>'value' = '128.00'
	    AND p::text NOT LIKE '%Mette%', 'posting fields, nothing personal';

	-- Pages of 5 walk the same postings.
	r := pg_temp.call('feeds_jobs', anon, '{"query":{"limit":5}}');
	ASSERT json_array_length(r.body) = 5 AND r.next_cursor IS NOT NULL,
	    'a page of 5 and a cursor';
	r := pg_temp.call('feeds_jobs', anon, jsonb_build_object('query',
	    jsonb_build_object('limit', 100, 'cursor', r.next_cursor::jsonb)));
	ASSERT json_array_length(r.body) = cardinality(feed) - 5,
	    'the next page holds the rest';

	-- JSON-LD of one job: published only; no ETag (C hashes the body).
	r := pg_temp.call('jobs_get', anon, jsonb_build_object('id',
	    pg_temp.job(1), 'format', 'jsonld'));
	ASSERT r.body->>'@type' = 'JobPosting' AND r.etag IS NULL,
	    'one job as JSON-LD';
	PERFORM pg_temp.raises('jobs_get', pg_temp.ctx('admin'),
	    jsonb_build_object('id', pg_temp.job(4), 'format', 'jsonld'),
	    'JB404');

	-- Filters: deadline_after keeps no-deadline jobs; occupation prefix.
	ASSERT NOT pg_temp.job(3) = ANY (pg_temp.ids((pg_temp.call('jobs_list',
	    anon, jsonb_build_object('query', jsonb_build_object('limit', 100,
	    'deadline_after', current_date)))).body)), 'deadline_after';
	ASSERT pg_temp.ids((pg_temp.call('jobs_list', anon,
	    '{"query":{"limit":100,"occupation_code":"441"}}')).body)
	    @> ARRAY[pg_temp.job(22), pg_temp.job(24)], 'occupation prefix';
END
$$;

\echo 'tests/sql/jobs.sql: all assertions passed'
