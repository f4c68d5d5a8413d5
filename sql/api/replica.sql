-- replica.sql — reads on the streaming replica that must see the caller's
-- own writes (src/query.c, jb_query_read).

-- On the replica: api.<fn>(api.session(ctx), args) once the replica has
-- replayed the primary's WAL up to lsn (the primary's
-- pg_current_wal_insert_lsn() taken just before, so every write the caller
-- saw commit is in it, with synchronous_commit off too);
-- status 0 and nothing else while it has not (the server then asks the
-- primary). lsn NULL: no condition.
--
-- The check and the read are two statements on purpose: this function is
-- VOLATILE, so under READ COMMITTED its EXECUTE takes a new snapshot after
-- the check. A snapshot taken in the same statement as the check (or in
-- the caller's statement, which began before it) could predate the replay
-- of the commit we waited for. The endpoint functions are STABLE and read
-- with that snapshot of the EXECUTE.
--
-- It runs as the owner (SECURITY DEFINER, scripts/migrate.sh entry_extra),
-- so fn may only be one of the read endpoints that are flagged for the
-- replica (JB_EP_REPLICA in src/endpoints/*.c): nothing else can be called
-- through it.
CREATE OR REPLACE FUNCTION api.replica_read(lsn pg_lsn, fn text, ctx jsonb,
    args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	r	api.result;
BEGIN
	IF fn IS NULL OR NOT fn = ANY (ARRAY['jobs_list', 'jobs_get',
	    'feeds_jobs', 'municipalities_list', 'municipalities_get',
	    'stats_fidelity', 'stats_outcomes', 'stats_overview',
	    'stats_retention']) THEN
		RAISE EXCEPTION 'api.replica_read: % is not a replica read', fn
		    USING ERRCODE = '42501';
	END IF;
	IF lsn IS NOT NULL AND
	    NOT coalesce(pg_last_wal_replay_lsn() >= lsn, false) THEN
		RETURN (0, NULL, NULL, NULL)::api.result;
	END IF;
	EXECUTE format('SELECT * FROM api.%I(api.session($1), $2)', fn)
	    INTO r USING ctx, args;
	RETURN r;
END
$$;
