-- 0011_core_schema.sql — schema api holds only what sql/api/ defines
-- (scripts/migrate.sh rebuilds it); the functions the tables themselves
-- depend on (the generated jobs.search column, the touch and match-text
-- triggers) live in schema core, which migrations own.
--
-- A database migrated before this layout has them in api: move them (the
-- column and the triggers follow, they refer to a function by its oid)
-- and let the moved functions call each other in core. On a database
-- created by these migrations 0001 and 0009 made them in core already,
-- and this changes nothing.
-- scripts/migrate.sh applies every pending migration in one transaction.

CREATE SCHEMA IF NOT EXISTS core;

DO $$
DECLARE
	f	regprocedure;
BEGIN
	FOR f IN SELECT p.oid FROM pg_proc p JOIN pg_namespace n
	    ON n.oid = p.pronamespace
	    WHERE n.nspname = 'api' AND p.proname IN ('join_text', 'touch_row',
	    'job_match_text', 'job_match_text_sync')
	LOOP
		EXECUTE format('ALTER FUNCTION %s SET SCHEMA core', f);
	END LOOP;
	-- A moved body still names its sibling api.job_match_text.
	FOR f IN SELECT p.oid FROM pg_proc p
	    WHERE p.pronamespace = 'core'::regnamespace
	      AND p.prosrc LIKE '%api.%'
	LOOP
		EXECUTE replace(pg_get_functiondef(f), 'api.', 'core.');
	END LOOP;
END
$$;
