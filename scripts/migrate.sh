#!/usr/bin/env bash
# scripts/migrate.sh — bring a database to this checkout's schema, in one
# transaction under an advisory lock (concurrent runners wait for each
# other; a failure changes nothing):
#
#   1. every pending sql/migrations/NNNN_*.sql (tables, indexes,
#      constraints, data moves, reference data), in order, recorded in
#      schema_migrations with its SHA-256. An applied migration whose file
#      has changed since, or that this checkout does not have, stops
#      everything: migrations are forward-only.
#   2. schema api made exactly what sql/api/*.sql define (types.sql,
#      helpers.sql, then the others by name). In place when types.sql is
#      unchanged: CREATE OR REPLACE keeps each function's identity, so the
#      prepared statements of running servers survive, and functions no
#      file defines any more are dropped. Otherwise (or when a change
#      cannot be made in place, such as a new return type) the schema is
#      dropped and made again. The build is recorded in schema_api as a
#      hash of sql/api (jb_api_hash), which the server checks at start.
#   3. the entry points of api (what the server calls: api_grants_sql) made
#      SECURITY DEFINER with a fixed search_path, and executable by the
#      server's role and nobody else; every other api function stays
#      SECURITY INVOKER (so that PostgreSQL can inline it) and is executable
#      only by the owner. Every run: CREATE OR REPLACE resets the first.
#
# Env:
#   JOBBRO_MIGRATE_URL    the database, as its owner (scripts/db-roles.sql)
#   DATABASE_URL          used when JOBBRO_MIGRATE_URL is not set (one role
#                         for all); with neither, the owner on the `make
#                         run` cluster in var/, which must be running
#   JOBBRO_APP_ROLE       the server's role (jobbro_app); no grants when
#                         the database has no such role
#   JOBBRO_API_REBUILD=1  rebuild api even when its hash is unchanged
#   JOBBRO_API_FRESH=1    rebuild api from scratch
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DATABASE_URL=${JOBBRO_MIGRATE_URL:-${DATABASE_URL:-}}
if [ -z "$DATABASE_URL" ]; then
	var=$(jb_var_dir)
	[ -f "$var/pg/port" ] || jb_die "JOBBRO_MIGRATE_URL and DATABASE_URL are not set and there is no cluster in $var (make run creates one)"
	DATABASE_URL=$(jb_cluster_url "$var/pg" "$JB_OWNER_ROLE")
fi
APP_ROLE=${JOBBRO_APP_ROLE:-$JB_APP_ROLE}
[[ $APP_ROLE =~ ^[a-z_][a-z0-9_]*$ ]] || jb_die "JOBBRO_APP_ROLE must be a plain role name"
PSQL=psql
[ -x "$JB_PGBIN/psql" ] && PSQL=$JB_PGBIN/psql
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

LOCK_KEY=7366120401	# any constant shared by every runner: "jobbro migrations"
export LC_ALL=C		# one byte order of file names, here and in CMake
cd "$JB_ROOT"
shopt -s nullglob
migrations=(sql/migrations/[0-9][0-9][0-9][0-9]_*.sql)
api_files=()
for f in sql/api/*.sql; do
	case $f in sql/api/types.sql | sql/api/helpers.sql) ;; *) api_files+=("$f") ;; esac
done
for f in sql/api/types.sql sql/api/helpers.sql; do
	[ -f "$f" ] || jb_die "$f is missing"
done

sha() { sha256sum "$1" | cut -c1-64; }

# A file name quoted for psql's \i.
q() { printf "'%s'" "${1//\'/\\\'}"; }

# Bookkeeping, and the checks of what was applied before.
check_sql() {
	cat <<'EOF'
CREATE TABLE IF NOT EXISTS schema_migrations (
	version		text PRIMARY KEY,
	name		text NOT NULL,
	applied_at	timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE schema_migrations ADD COLUMN IF NOT EXISTS sha256 text;
CREATE TABLE IF NOT EXISTS schema_api (
	one		bool PRIMARY KEY DEFAULT true CHECK (one),
	hash		text NOT NULL,
	types_hash	text NOT NULL,
	built_at	timestamptz NOT NULL DEFAULT now()
);
-- An applied migration that changed, or that this checkout lacks: stop.
SELECT format('DO $m$ BEGIN RAISE EXCEPTION USING MESSAGE = %L, '
    'HINT = %L; END $m$', CASE WHEN f.version IS NULL
	THEN 'the database has migration ' || m.name || ', which this '
	    || 'checkout does not have: is the code older than the database?'
	ELSE 'migration ' || m.name || '.sql changed after it was applied '
	    || '(sha256 then ' || m.sha256 || ', now ' || f.sha256 || ')' END,
    'migrations are forward-only: restore the file and make the change '
    || 'in a new migration')
FROM schema_migrations m LEFT JOIN migration_files f USING (version)
WHERE f.version IS NULL OR m.sha256 <> f.sha256
ORDER BY m.version LIMIT 1 \gexec
-- Rows of the runner before checksums: the files as they are now.
WITH b AS (UPDATE schema_migrations m SET sha256 = f.sha256
    FROM migration_files f WHERE m.version = f.version AND m.sha256 IS NULL
    RETURNING 1)
SELECT count(*) AS baselined, count(*) > 0 AS any_baselined FROM b \gset
\if :any_baselined
\echo jobbro: recorded the checksums of :baselined migrations applied before checksums
\endif
EOF
}

# Is api to be rebuilt, and from scratch? From scratch: drop it (nothing
# outside it may depend on it) and make its types.
api_begin_sql() {
	cat <<'EOF'
SELECT NOT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = 'api')
    AS api_missing \gset
SELECT :'api_missing'::bool OR :fresh_wanted = 1 OR NOT EXISTS (SELECT 1
    FROM schema_api WHERE types_hash = :'types_hash') AS api_fresh \gset
SELECT :'api_fresh'::bool OR :rebuild_wanted = 1
    OR NOT EXISTS (SELECT 1 FROM schema_api WHERE hash = :'api_hash')
    OR EXISTS (SELECT 1 FROM schema_migrations WHERE applied_at = now())
    AS api_rebuild \gset
\if :api_fresh
\if :api_missing
\else
WITH o (classid, objid) AS (
	SELECT 'pg_proc'::regclass::oid, oid FROM pg_proc
	WHERE pronamespace = 'api'::regnamespace
	UNION ALL SELECT 'pg_type'::regclass::oid, oid FROM pg_type
	WHERE typnamespace = 'api'::regnamespace
	UNION ALL SELECT 'pg_class'::regclass::oid, oid FROM pg_class
	WHERE relnamespace = 'api'::regnamespace
	UNION ALL SELECT 'pg_rewrite'::regclass::oid, r.oid FROM pg_rewrite r
	JOIN pg_class c ON c.oid = r.ev_class
	WHERE c.relnamespace = 'api'::regnamespace)
SELECT format('DO $m$ BEGIN RAISE EXCEPTION USING MESSAGE = %L; END $m$',
    pg_describe_object(d.classid, d.objid, d.objsubid) || ' depends on '
    || pg_describe_object(d.refclassid, d.refobjid, d.refobjsubid)
    || ', but scripts/migrate.sh rebuilds schema api: what tables use '
    || 'belongs in schema core, made by a migration')
FROM pg_depend d JOIN o r ON (r.classid, r.objid) = (d.refclassid, d.refobjid)
WHERE d.deptype = 'n' AND NOT EXISTS (SELECT 1 FROM o
    WHERE (o.classid, o.objid) = (d.classid, d.objid))
LIMIT 1 \gexec
DROP SCHEMA api CASCADE;
\endif
CREATE SCHEMA api;
EOF
	echo "\\i $(q "$JB_ROOT/sql/api/types.sql")"
	echo "\\endif"
}

# After the files: check every body now that all exist, drop what no file
# defines any more (what this transaction did not write), record the build.
api_end_sql() {
	cat <<'EOF'
\if :api_rebuild
SET LOCAL check_function_bodies = on;
SELECT CASE l.lanname WHEN 'sql' THEN fmgr_sql_validator(p.oid)
    ELSE plpgsql_validator(p.oid) END
FROM pg_proc p JOIN pg_language l ON l.oid = p.prolang
WHERE p.pronamespace = 'api'::regnamespace
  AND l.lanname IN ('sql', 'plpgsql');
SELECT format('DROP FUNCTION %s', p.oid::regprocedure) FROM pg_proc p
WHERE p.pronamespace = 'api'::regnamespace
  AND p.xmin <> pg_current_xact_id()::xid \gexec
SELECT format('DROP VIEW %s', c.oid::regclass) FROM pg_class c
JOIN pg_rewrite r ON r.ev_class = c.oid
WHERE c.relnamespace = 'api'::regnamespace AND c.relkind = 'v'
  AND r.xmin <> pg_current_xact_id()::xid \gexec
INSERT INTO schema_api (hash, types_hash) VALUES (:'api_hash', :'types_hash')
ON CONFLICT (one) DO UPDATE SET hash = excluded.hash,
    types_hash = excluded.types_hash, built_at = now();
\if :api_fresh
\echo jobbro: built schema api :api_hash
\else
\echo jobbro: rebuilt schema api in place :api_hash
\endif
\endif
EOF
}

# Who may call what in api. Entry points: the endpoint functions
# (ctx jsonb, args jsonb) RETURNS api.result, api.auth_*, api.session*, and
# the names in entry_extra. They run as the owner (SECURITY DEFINER, fixed
# search_path); the server's role may execute them and nothing else.
api_grants_sql() {
	cat <<'EOF'
-- Add a name here when the server calls a new non-endpoint function.
\set entry_extra '{idempotent,ready,bootstrap_admin,webhook_claim,webhook_done,replica_read,placement_documents_create,placement_documents_download}'
CREATE TEMP TABLE api_entry ON COMMIT DROP AS
SELECT p.oid AS fn, p.prosecdef, p.proconfig,
    (p.pronargs = 2 AND p.proargtypes[0] = 'jsonb'::regtype
	AND p.proargtypes[1] = 'jsonb'::regtype
	AND p.prorettype = 'api.result'::regtype)
    OR p.proname LIKE 'auth\_%' OR p.proname LIKE 'session%'
    OR p.proname = ANY (:'entry_extra'::text[]) AS entry
FROM pg_proc p WHERE p.pronamespace = 'api'::regnamespace;
SELECT format('ALTER FUNCTION %s SECURITY DEFINER SET search_path = '
    'public, pg_temp', fn::regprocedure) FROM api_entry
WHERE entry AND (NOT prosecdef
    OR proconfig IS DISTINCT FROM '{"search_path=public, pg_temp"}') \gexec
REVOKE EXECUTE ON ALL FUNCTIONS IN SCHEMA api FROM PUBLIC;
SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'app_role')
    AS app_role_exists \gset
\if :app_role_exists
GRANT USAGE ON SCHEMA api TO :"app_role";
GRANT SELECT ON schema_migrations, schema_api TO :"app_role";
SELECT format('GRANT EXECUTE ON FUNCTION %s TO %I', fn::regprocedure,
    :'app_role') FROM api_entry WHERE entry \gexec
SELECT format('REVOKE EXECUTE ON FUNCTION %s FROM %I', fn::regprocedure,
    :'app_role') FROM api_entry WHERE NOT entry \gexec
\endif
EOF
}

# The whole run as one psql script (FRESH: 1 rebuilds api from scratch).
script() {
	local f base
	cat <<EOF
\\set ON_ERROR_STOP 1
\\o /dev/null
BEGIN;
SELECT pg_advisory_xact_lock($LOCK_KEY);
\\set api_hash '$(jb_api_hash)'
\\set types_hash '$(sha sql/api/types.sql)'
\\set fresh_wanted $1
\\set rebuild_wanted ${JOBBRO_API_REBUILD:-0}
CREATE TEMP TABLE migration_files (version text PRIMARY KEY, name text,
    sha256 text) ON COMMIT DROP;
EOF
	for f in "${migrations[@]}"; do
		base=$(basename "$f" .sql)
		printf "INSERT INTO migration_files VALUES ('%s', '%s', '%s');\n" \
		    "${base%%_*}" "$base" "$(sha "$f")"
	done
	check_sql
	for f in "${migrations[@]}"; do
		base=$(basename "$f" .sql)
		cat <<EOF
SELECT NOT EXISTS (SELECT 1 FROM schema_migrations
    WHERE version = '${base%%_*}') AS pending \\gset
\\if :pending
\\i $(q "$JB_ROOT/$f")
INSERT INTO schema_migrations (version, name, sha256)
    SELECT version, name, sha256 FROM migration_files
    WHERE version = '${base%%_*}';
\\echo jobbro: applied migration $base
\\endif
EOF
	done
	api_begin_sql
	echo "\\if :api_rebuild"
	echo "SET LOCAL check_function_bodies = off;"
	for f in sql/api/helpers.sql "${api_files[@]}"; do
		echo "\\i $(q "$JB_ROOT/$f")"
	done
	echo "\\endif"
	api_end_sql
	echo "\\set app_role '$APP_ROLE'"
	api_grants_sql
	# What public answers look like may have changed with api or the
	# data: every worker's public-read cache starts afresh (src/listen.c).
	echo "SELECT pg_notify('jobbro_public', 'migrate') \\g /dev/null"
	echo "COMMIT;"
}

run() {	# run FRESH — 0 on success; psql's complaints in $T/err
	script "$1" >"$T/migrate.psql"
	"$PSQL" -X -q -d "$DATABASE_URL" -f "$T/migrate.psql" </dev/null 2>"$T/err"
}

T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
fresh=${JOBBRO_API_FRESH:-0}
if run "$fresh"; then
	exit 0
fi
if [ "$fresh" = 0 ]; then
	# Perhaps api cannot change in place (a new return type, a renamed
	# parameter): make it from scratch. Anything else fails again.
	first=$(grep -m1 'ERROR' "$T/err" || true)
	if run 1; then
		jb_log "schema api could not change in place (${first#*ERROR:  }); rebuilt it from scratch"
		exit 0
	fi
fi
sed 's/^psql:[^ ]*: //' "$T/err" >&2
jb_die "migration failed; nothing was changed"
