-- 0024_public_cache.sql — change notices for the public-read cache
-- (issue 12): every worker of every instance LISTENs on jobbro_public
-- (src/listen.c) and empties its cache of anonymous job answers when a
-- notice arrives, which PostgreSQL delivers after the transaction
-- commits. A notice carries the table's name only (nothing personal);
-- notices of one transaction with the same text are delivered once.
-- The triggers also set jobbro.public_changed for the rest of the
-- transaction: the API's statements return it, so the instance that made
-- the change empties its own workers' caches before it answers
-- (src/pubcache.c), and a caller never reads its own change stale.

-- A change to a job that is or was published: anonymous callers see it.
CREATE FUNCTION core.notify_public_job() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF (TG_OP <> 'INSERT' AND OLD.status = 'published')
	    OR (TG_OP <> 'DELETE' AND NEW.status = 'published') THEN
		PERFORM pg_notify('jobbro_public', TG_TABLE_NAME);
		PERFORM set_config('jobbro.public_changed', 'on', true);
	END IF;
	RETURN NULL;
END
$$;

-- Any change to a table public job answers read from (employers' names
-- and addresses in the feed, municipalities' names), and TRUNCATE.
CREATE FUNCTION core.notify_public() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM pg_notify('jobbro_public', TG_TABLE_NAME);
	PERFORM set_config('jobbro.public_changed', 'on', true);
	RETURN NULL;
END
$$;

CREATE TRIGGER jobs_public_cache AFTER INSERT OR UPDATE OR DELETE ON jobs
    FOR EACH ROW EXECUTE FUNCTION core.notify_public_job();
CREATE TRIGGER jobs_public_cache_truncate AFTER TRUNCATE ON jobs
    FOR EACH STATEMENT EXECUTE FUNCTION core.notify_public();
CREATE TRIGGER employers_public_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON employers
    FOR EACH STATEMENT EXECUTE FUNCTION core.notify_public();
CREATE TRIGGER municipalities_public_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON municipalities
    FOR EACH STATEMENT EXECUTE FUNCTION core.notify_public();
