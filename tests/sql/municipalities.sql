-- tests/sql/municipalities.sql — api.municipalities_list (all 98 on one
-- page, keyset pages, the region filter) and api.municipalities_get (JSON,
-- an unknown code is 404).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/municipalities.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- ---------------------------------------------------------------- municipalities
DO $$
DECLARE
	r	api.result;
	anon	jsonb := pg_temp.ctx('anonymous');
BEGIN
	r := pg_temp.call('municipalities_list', anon, '{"query":{"limit":100}}');
	ASSERT r.status = 200 AND json_array_length(r.body) = 98
	    AND r.next_cursor IS NULL, 'all 98 municipalities on one page';
	ASSERT json_typeof(r.body) = 'array', 'a list body is the array of items';

	r := pg_temp.call('municipalities_list', anon, '{"query":{"limit":2}}');
	ASSERT r.next_cursor = '["0147"]', 'municipality cursor: ' || r.next_cursor;
	r := pg_temp.call('municipalities_list', anon,
	    jsonb_build_object('query', jsonb_build_object('limit', 2,
	    'cursor', r.next_cursor::jsonb)));
	ASSERT r.body->0->>'code' = '0151', 'second municipality page';

	r := pg_temp.call('municipalities_list', anon,
	    '{"query":{"limit":100,"region_code":"1081"}}');
	ASSERT json_array_length(r.body) = 11 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'region_code' <> '1081'), 'region filter';

	r := pg_temp.call('municipalities_get', anon, '{"id":"0101"}');
	ASSERT r.body::jsonb = '{"code":"0101","name":"København",
	    "region_code":"1084","region_name":"Region Hovedstaden"}',
	    'municipality json';
	PERFORM pg_temp.raises('municipalities_get', anon, '{"id":"9999"}',
	    'JB404');
END
$$;

\echo 'tests/sql/municipalities.sql: all assertions passed'
