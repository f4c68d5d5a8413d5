-- scripts/db-roles.sql — the two database roles of Jobbro, and what each
-- may do. Run by a superuser; idempotent (run it again at will, e.g. after
-- a restore). scripts/lib.sh runs it on the embedded cluster at every
-- start; on an external PostgreSQL:
--
--   psql -d postgres -v db=jobbro \
--       -v owner_password="$OWNER_PW" -v app_password="$APP_PW" \
--       -f scripts/db-roles.sql
--
--   owner (jobbro_owner)  LOGIN, not superuser; owns the database and every
--                         object in schemas public, api and core; runs
--                         scripts/migrate.sh and scripts/seed.sh
--                         (JOBBRO_MIGRATE_URL).
--   app (jobbro_app)      LOGIN, nothing else: CONNECT on the database,
--                         USAGE on schema api, SELECT on schema_migrations
--                         and schema_api (the server's startup check) and
--                         EXECUTE on the api entry points, which
--                         scripts/migrate.sh grants (DATABASE_URL).
--
-- psql variables: db (jobbro), owner (jobbro_owner), app (jobbro_app),
-- owner_password, app_password (optional; for password authentication,
-- scram-sha-256). The database must exist (CREATE DATABASE jobbro).
--
-- A database made by an earlier release, whose objects belong to another
-- role (superuser jobbro), is adopted: everything in public, api and core
-- is given to the owner. (REASSIGN OWNED cannot move what the bootstrap
-- superuser owns.) Members of extensions are left as they are.
\set ON_ERROR_STOP 1
\if :{?db}
\else
\set db jobbro
\endif
\if :{?owner}
\else
\set owner jobbro_owner
\endif
\if :{?app}
\else
\set app jobbro_app
\endif
\if :{?owner_password}
\else
\set owner_password ''
\endif
\if :{?app_password}
\else
\set app_password ''
\endif
SET client_min_messages = warning;

-- The roles (cluster-wide).
SELECT format('CREATE ROLE %I', r) FROM unnest(ARRAY[:'owner', :'app']) r
WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) \gexec
ALTER ROLE :"owner" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION
    NOBYPASSRLS;
ALTER ROLE :"app" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT
    NOREPLICATION NOBYPASSRLS;
SELECT format('ALTER ROLE %I PASSWORD %L', :'owner', :'owner_password')
WHERE :'owner_password' <> '' \gexec
SELECT format('ALTER ROLE %I PASSWORD %L', :'app', :'app_password')
WHERE :'app_password' <> '' \gexec
-- An error of the server's (a 404, a unique violation) is logged without
-- the statement and without DETAIL, which may carry personal data.
ALTER ROLE :"app" SET log_min_error_statement = panic;
ALTER ROLE :"app" SET log_error_verbosity = terse;

-- The database: the owner's; the app may only connect (no TEMP).
ALTER DATABASE :"db" OWNER TO :"owner";
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
REVOKE ALL ON DATABASE :"db" FROM :"app";
GRANT CONNECT ON DATABASE :"db" TO :"app";

\connect :db
SET client_min_messages = warning;
BEGIN;
CREATE TEMP TABLE jb_adopt ON COMMIT DROP AS
SELECT oid AS nsp FROM pg_namespace WHERE nspname IN ('public', 'api', 'core');

-- Adopt: schemas, relations (not indexes, nor sequences a column owns:
-- they follow their table), routines, types (not row or array types).
SELECT format('ALTER SCHEMA %I OWNER TO %I', nspname, :'owner')
FROM pg_namespace WHERE oid IN (SELECT nsp FROM jb_adopt)
  AND nspowner <> :'owner'::regrole \gexec
SELECT format('ALTER %s %s OWNER TO %I', CASE c.relkind
	WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
	WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
	ELSE 'TABLE' END, c.oid::regclass, :'owner')
FROM pg_class c
WHERE c.relnamespace IN (SELECT nsp FROM jb_adopt)
  AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')
  AND c.relowner <> :'owner'::regrole
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
	WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
	  AND (d.deptype = 'e' OR (c.relkind = 'S' AND d.deptype IN ('a', 'i')
	  AND d.refclassid = 'pg_class'::regclass))) \gexec
SELECT format('ALTER %s %s OWNER TO %I', CASE p.prokind
	WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END,
	p.oid::regprocedure, :'owner')
FROM pg_proc p
WHERE p.pronamespace IN (SELECT nsp FROM jb_adopt)
  AND p.proowner <> :'owner'::regrole
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
	WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid
	  AND d.deptype = 'e') \gexec
SELECT format('ALTER %s %s OWNER TO %I', CASE t.typtype
	WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END, t.oid::regtype, :'owner')
FROM pg_type t
WHERE t.typnamespace IN (SELECT nsp FROM jb_adopt)
  AND t.typowner <> :'owner'::regrole
  AND t.typtype IN ('b', 'c', 'd', 'e', 'r')
  AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class
	WHERE oid = t.typrelid) = 'c')
  AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.typarray = t.oid)
  AND NOT EXISTS (SELECT 1 FROM pg_depend d
	WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid
	  AND d.deptype = 'e') \gexec

-- Nobody else creates anything; the app reads the two bookkeeping tables
-- of scripts/migrate.sh (also granted there, which makes them) and uses
-- schema api, where scripts/migrate.sh grants EXECUTE on the entry points.
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
SELECT format('REVOKE ALL ON ALL TABLES IN SCHEMA %I FROM %I', nspname, :'app')
FROM pg_namespace WHERE oid IN (SELECT nsp FROM jb_adopt) \gexec
SELECT format('GRANT USAGE ON SCHEMA api TO %I', :'app')
WHERE to_regnamespace('api') IS NOT NULL \gexec
SELECT format('GRANT SELECT ON %s TO %I', t, :'app')
FROM unnest(ARRAY['public.schema_migrations', 'public.schema_api']) t
WHERE to_regclass(t) IS NOT NULL \gexec
COMMIT;
