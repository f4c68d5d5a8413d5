-- tests/sql/shapes.sql — lists planned per filter shape (helpers.sql,
-- api.define_shaped_list; issue 12): for every kept shape of
-- api.jobs_list and api.seekers_list, the generic-plan statement returns
-- what the statement of all shapes (<name>_any, planned per call) returns
-- for the same call, page after page and for each role; the shape
-- functions name what a query has; the kept plans of the public board's
-- shapes read the page from an index in order (no sort, nothing thrown
-- away); If-None-Match is matched as before (api.none_match, inlined).
--
-- Run as scripts/test.sh does: BEGIN; \i tests/sql/shapes.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- A query with every filter of shape set to a value that selects rows of
-- the demo data (and limit 3, so that pages follow).
CREATE FUNCTION pg_temp.jobs_query(shape text) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_strip_nulls(jsonb_build_object('limit', 3,
	    'status', CASE WHEN 'status' = ANY (f) THEN 'published' END,
	    'municipality_code', CASE WHEN 'municipality_code' = ANY (f)
	        THEN '0101' END,
	    'max_weekly_hours', CASE WHEN 'max_weekly_hours' = ANY (f)
	        THEN 30 END,
	    'job_type', CASE WHEN 'job_type' = ANY (f) THEN 'fleksjob' END,
	    'employer_id', CASE WHEN 'employer_id' = ANY (f)
	        THEN pg_temp.employer(1) END,
	    'near', CASE WHEN 'near' = ANY (f)
	        THEN '{"lat": 55.676, "lon": 12.568}'::jsonb END))
	FROM string_to_array(shape, ',') f
$$;

CREATE FUNCTION pg_temp.seekers_query(shape text) RETURNS jsonb
LANGUAGE sql AS $$
	SELECT jsonb_strip_nulls(jsonb_build_object('limit', 2,
	    'status', CASE WHEN 'status' = ANY (f) THEN 'active' END,
	    'stage', CASE WHEN 'stage' = ANY (f) THEN 'searching' END,
	    'municipality_code', CASE WHEN 'municipality_code' = ANY (f)
	        THEN '0101' END,
	    'consultant_id', CASE WHEN 'consultant_id' = ANY (f)
	        THEN (pg_temp.karin())->>'sub' END,
	    'q', CASE WHEN 'q' = ANY (f) THEN 'a' END))
	FROM string_to_array(shape, ',') f
$$;

-- Every page of fn (and of fn_any) for ctx and query, as one array of
-- (status, body, etag, next_cursor) texts; asserts they are the same.
CREATE FUNCTION pg_temp.same_pages(fn text, ctx jsonb, query jsonb,
    label text) RETURNS int
LANGUAGE plpgsql AS $$
DECLARE
	a	api.result;
	b	api.result;
	args	jsonb := jsonb_build_object('query', query);
	pages	int := 0;
BEGIN
	LOOP
		a := pg_temp.call(fn, ctx, args);
		EXECUTE format('SELECT * FROM api.%I($1, $2, true)', fn || '_any')
		    INTO b USING ctx, args;
		ASSERT a.status = b.status AND a.body::text = b.body::text
		    AND a.etag IS NOT DISTINCT FROM b.etag
		    AND a.next_cursor IS NOT DISTINCT FROM b.next_cursor,
		    format('%s: %s page %s: kept plan and per-call plan differ',
		        fn, label, pages + 1);
		pages := pages + 1;
		EXIT WHEN a.next_cursor IS NULL OR pages >= 3;
		args := jsonb_set(args, '{query,cursor}', a.next_cursor::jsonb);
	END LOOP;
	RETURN pages;
END
$$;

-- ---------------------------------------------------- shape names
DO $$
BEGIN
	ASSERT api.jobs_list_shape('{}') = '', 'no filters: the empty shape';
	ASSERT api.jobs_list_shape('{"status": "published", "limit": 20,
	    "municipality_code": "0101", "max_weekly_hours": 20}')
	    = 'max_weekly_hours,municipality_code,status',
	    'filters sorted, limit is no filter';
	ASSERT api.jobs_list_shape('{"cursor": ["x", "y"], "near": {"lat": 1,
	    "lon": 2}, "radius_km": 5, "updated_since": "2025-01-01T00:00:00Z"}')
	    = 'cursor,near,updated_since', 'cursor, near (radius its value)';
	ASSERT api.seekers_list_shape('{"consultant_id": "x", "cursor": [],
	    "q": "an"}') = 'consultant_id,cursor,q', 'seekers: sorted';
	ASSERT 'consultant_id,cursor' = ANY (api.seekers_list_shapes())
	    AND 'cursor' = ANY (api.jobs_list_shapes())
	    AND '' = ANY (api.jobs_list_shapes()),
	    'each kept shape also with a cursor, names sorted';
END
$$;

-- -------------------------------------- kept plans = per-call plans
DO $$
DECLARE
	shape	text;
	ctx	jsonb;
	n	int := 0;
BEGIN
	FOREACH shape IN ARRAY api.jobs_list_shapes() LOOP
		CONTINUE WHEN shape LIKE '%cursor%';	-- reached by paging
		FOREACH ctx IN ARRAY ARRAY[pg_temp.ctx('anonymous'),
		    pg_temp.ctx('admin'), pg_temp.ctx('consultant', '{0101}'),
		    pg_temp.ctx('employer', '{}', pg_temp.employer(1))] LOOP
			n := n + pg_temp.same_pages('jobs_list', ctx,
			    pg_temp.jobs_query(shape), shape || ' ' || (ctx->>'role'));
		END LOOP;
	END LOOP;
	-- a shape without a kept plan, and updated_since (its own order)
	n := n + pg_temp.same_pages('jobs_list', pg_temp.ctx('admin'),
	    '{"limit": 2, "q": "køkken"}', 'q');
	n := n + pg_temp.same_pages('jobs_list', pg_temp.ctx('admin'),
	    '{"limit": 2, "updated_since": "2000-01-01T00:00:00Z"}',
	    'updated_since');
	ASSERT n >= 42, 'jobs_list: ' || n || ' pages compared';

	n := 0;
	FOREACH shape IN ARRAY api.seekers_list_shapes() LOOP
		CONTINUE WHEN shape LIKE '%cursor%';
		FOREACH ctx IN ARRAY ARRAY[pg_temp.karin(), pg_temp.ctx('admin'),
		    pg_temp.partner()] LOOP
			n := n + pg_temp.same_pages('seekers_list', ctx,
			    pg_temp.seekers_query(shape),
			    shape || ' ' || (ctx->>'role'));
		END LOOP;
	END LOOP;
	n := n + pg_temp.same_pages('seekers_list', pg_temp.ctx('admin'),
	    '{"limit": 2, "updated_since": "2000-01-01T00:00:00Z"}',
	    'updated_since');
	ASSERT n >= 28, 'seekers_list: ' || n || ' pages compared';
END
$$;

-- ------------------------- the public board's kept plans use an index
SET LOCAL plan_cache_mode = force_generic_plan;
DO $$
DECLARE
	shape	text;
	plan	text;
	line	text;
BEGIN
	FOREACH shape IN ARRAY ARRAY['max_weekly_hours,municipality_code,status',
	    'job_type,max_weekly_hours,municipality_code,status',
	    'cursor,max_weekly_hours,municipality_code,status'] LOOP
		EXECUTE 'PREPARE shape_plan (jsonb, jsonb) AS SELECT '
		    || regexp_replace(api.shape_sql(api.jobs_list_sql(),
		        '{cursor,deadline_after,employer_id,external_reference,job_type,max_lix,max_weekly_hours,municipality_code,near,occupation_code,q,single_supervisor,status,updated_since}',
		        shape), '^RETURN |;$', '', 'g');
		plan := '';
		FOR line IN EXECUTE
		    'EXPLAIN (COSTS OFF) EXECUTE shape_plan(''{}'', ''{}'')' LOOP
			plan := plan || line || E'\n';
		END LOOP;
		DEALLOCATE shape_plan;
		ASSERT plan LIKE '%Index Cond: ((municipality_code = %status = %'
		    AND plan NOT LIKE '%Sort%' AND plan NOT LIKE '%Filter: (%weekly%',
		    shape || ': generic plan reads the page from the index: ' || plan;
	END LOOP;
END
$$;
RESET plan_cache_mode;

-- ------------------------------------------------------- If-None-Match
DO $$
BEGIN
	ASSERT api.none_match('{"if_none_match": "\"lx\""}', '"lx"')
	    AND api.none_match('{"if_none_match": " W/\"lx\" "}', '"lx"')
	    AND api.none_match('{"if_none_match": "\"a\", \"lx\""}', '"lx"')
	    AND api.none_match('{"if_none_match": "*"}', '"lx"')
	    AND NOT api.none_match('{"if_none_match": "\"ly\""}', '"lx"')
	    AND NOT api.none_match('{}', '"lx"')
	    AND NOT api.none_match('{"if_none_match": "\"lx-\""}', '"lx"'),
	    'none_match: strong or weak, in a list, "*", not another tag';
END
$$;
