-- tests/sql/employers.sql — api.employers_list (scope per role, the name
-- filter), employers_get (scope), employers_create (scope, unique CVR),
-- employers_delete (not while the employer has jobs) and employers_update
-- (an employer patches its own company only).
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/employers.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql
-- The counts below are of the demo rows alone.
\ir without_history.psql

-- ---------------------------------------------------------------- employers
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	emp	jsonb := pg_temp.ctx('employer', '{}',
	    'e0000000-0000-4000-8000-000000000001');
BEGIN
	r := pg_temp.call('employers_list', pg_temp.ctx('partner', '{0101}'),
	    '{"query":{"limit":100}}');
	ASSERT json_array_length(r.body) = 2 AND NOT EXISTS (
	    SELECT 1 FROM json_array_elements(r.body) x
	    WHERE x->>'municipality_code' <> '0101'), 'partner employer scope';
	ASSERT pg_temp.ids((pg_temp.call('employers_list', emp,
	    '{"query":{"limit":100}}')).body)
	    = '{e0000000-0000-4000-8000-000000000001}', 'employer sees itself';
	ASSERT json_array_length((pg_temp.call('employers_list', admin,
	    '{"query":{"limit":100,"q":"HOTEL"}}')).body) = 1,
	    'name contains, any case';
	PERFORM pg_temp.raises('employers_get', emp,
	    '{"id":"e0000000-0000-4000-8000-000000000002"}', 'JB404');

	PERFORM pg_temp.raises('employers_create', admin, '{"body":{"name":"Dup",
	    "cvr":"28142471","municipality_code":"0101"}}', '23505',
	    'employers_cvr_key');
	PERFORM pg_temp.raises('employers_create',
	    pg_temp.ctx('consultant', '{0101}'), '{"body":{"name":"X",
	    "cvr":"26506867","municipality_code":"0751"}}', 'JB422',
	    'municipality_code', 'out_of_scope');
	r := pg_temp.call('employers_create', pg_temp.ctx('consultant', '{0101}'),
	    '{"body":{"name":"Ny ApS","cvr":"26506867","municipality_code":"0101",
	    "agreement_signed_on":"2025-01-02"}}');
	ASSERT r.status = 201 AND r.body->>'agreement_signed_on' = '2025-01-02'
	    AND r.body->>'notes' IS NULL, 'employer create';
	r := pg_temp.call('employers_delete', admin,
	    jsonb_build_object('id', r.body->>'id'));
	ASSERT r.status = 204, 'employer delete';
	PERFORM pg_temp.raises('employers_delete', admin,
	    '{"id":"e0000000-0000-4000-8000-000000000004"}', '23503',
	    'jobs_employer_id_fkey');

	r := pg_temp.call('employers_update', emp,
	    '{"id":"e0000000-0000-4000-8000-000000000001","body":{"notes":null,
	    "contact_phone":"+45 11 22 33 44"}}');
	ASSERT r.body->>'notes' IS NULL AND r.body->>'name' =
	    'Nørrebro Dagligvarer ApS', 'employer patches own company';
	PERFORM pg_temp.raises('employers_update', emp,
	    '{"id":"e0000000-0000-4000-8000-000000000002","body":{"notes":"x"}}',
	    'JB404');
END
$$;

\echo 'tests/sql/employers.sql: all assertions passed'
