-- 0024_public_cache.sql — change notices for the cache (issue 12): every
-- worker of every instance LISTENs on jobbro_public (src/listen.c) and
-- empties what it keeps of a kind when a notice of that kind arrives,
-- which PostgreSQL delivers after the transaction commits:
--   public      anonymous answers about published jobs: a change to a
--               job that is or was published, to an employer, to a
--               municipality;
--   stats       statistics, per caller: a change to their facts
--               (stats_placements, stats_applications, migration 0023),
--               or to whether a user or API client may still read them
--               (active, token_version: a revoked token must not be
--               answered from the cache).
-- A notice carries its kind only (nothing personal); notices of one
-- transaction with the same text are delivered once. The triggers also
-- add the kind's letter ("p", "s") to jobbro.changed for the rest of the
-- transaction: the API's statements return it, so the instance that made
-- the change empties its own workers' entries before it answers
-- (src/pubcache.c), and a caller never reads its own change stale.

-- Announce a change of kind ('public' or 'stats').
CREATE FUNCTION core.cache_changed(kind text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	seen	text := coalesce(current_setting('jobbro.changed', true), '');
	letter	text := left(kind, 1);
BEGIN
	PERFORM pg_notify('jobbro_public', kind);
	IF position(letter IN seen) = 0 THEN
		PERFORM set_config('jobbro.changed', seen || letter, true);
	END IF;
END
$$;

-- A change to a job that is or was published: anonymous callers see it.
CREATE FUNCTION core.cache_job_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF (TG_OP <> 'INSERT' AND OLD.status = 'published')
	    OR (TG_OP <> 'DELETE' AND NEW.status = 'published') THEN
		PERFORM core.cache_changed('public');
	END IF;
	RETURN NULL;
END
$$;

-- Any change to a table of TG_ARGV[0]'s kind, and TRUNCATE.
CREATE FUNCTION core.cache_table_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.cache_changed(TG_ARGV[0]);
	RETURN NULL;
END
$$;

CREATE TRIGGER jobs_cache AFTER INSERT OR UPDATE OR DELETE ON jobs
    FOR EACH ROW EXECUTE FUNCTION core.cache_job_changed();
CREATE TRIGGER jobs_cache_truncate AFTER TRUNCATE ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('public');
CREATE TRIGGER employers_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employers
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('public');
CREATE TRIGGER municipalities_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON municipalities
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('public');

CREATE TRIGGER stats_placements_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stats_placements
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER stats_applications_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stats_applications
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER users_cache AFTER UPDATE ON users
    FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active
        OR OLD.token_version IS DISTINCT FROM NEW.token_version)
    EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER users_cache_delete AFTER DELETE ON users
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER api_clients_cache AFTER UPDATE ON api_clients
    FOR EACH ROW WHEN (OLD.active IS DISTINCT FROM NEW.active
        OR OLD.token_version IS DISTINCT FROM NEW.token_version)
    EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER api_clients_cache_delete AFTER DELETE ON api_clients
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
