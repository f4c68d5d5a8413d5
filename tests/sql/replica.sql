-- tests/sql/replica.sql — api.replica_read: the read replica's guarded
-- read (src/query.c). Here, on the primary, it is never "replayed far
-- enough" (pg_last_wal_replay_lsn() is NULL outside recovery): with a
-- position it answers status 0; without one it runs the endpoint function
-- as the server's normal statement would; it calls nothing but the read
-- endpoints flagged for the replica. The replica itself is exercised by
-- tests/api/test_replica.py.
--
-- Run as scripts/test.sh does (see helpers.psql).
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

DO $$
DECLARE
	r	api.result;
	e	api.result;
	fn	text;
	anon	jsonb := pg_temp.ctx('anonymous');
BEGIN
	r := api.replica_read(NULL, 'municipalities_get', anon, '{"id":"0101"}');
	ASSERT r.status = 200 AND r.body::jsonb->>'name' = 'København',
	    'no position: the function answers';
	e := pg_temp.call('municipalities_get', anon, '{"id":"0101"}');
	ASSERT r.body::text = e.body::text AND r.etag IS NOT DISTINCT FROM e.etag,
	    'the same answer as the endpoint function';

	r := api.replica_read(pg_current_wal_lsn(), 'municipalities_get', anon,
	    '{"id":"0101"}');
	ASSERT r.status = 0 AND r.body IS NULL AND r.etag IS NULL,
	    'not replayed that far (not a standby): status 0, nothing else';

	BEGIN
		r := api.replica_read(NULL, 'municipalities_get', anon,
		    '{"id":"9999"}');
		ASSERT false, 'an endpoint error passes through';
	EXCEPTION WHEN sqlstate 'JB404' THEN
		NULL;
	END;

	FOREACH fn IN ARRAY ARRAY['users_list', 'jobs_update', 'session',
	    'replica_read', 'x); DROP TABLE jobs; --', NULL] LOOP
		BEGIN
			r := api.replica_read(NULL, fn, anon, '{}');
			ASSERT false, 'called a function not on the list';
		EXCEPTION WHEN insufficient_privilege THEN
			NULL;
		END;
	END LOOP;
END
$$;

\echo 'tests/sql/replica.sql: all assertions passed'
