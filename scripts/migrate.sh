#!/usr/bin/env bash
# scripts/migrate.sh — apply sql/migrations/NNNN_*.sql in order, each exactly
# once, each in its own transaction under an advisory lock (so concurrent
# runners wait for each other), recorded in schema_migrations.
#   DATABASE_URL   the database (default: the `make run` cluster in var/,
#                  which must be running)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

if [ -z "${DATABASE_URL:-}" ]; then
	var=$(jb_var_dir)
	[ -f "$var/pg/port" ] || jb_die "DATABASE_URL is not set and there is no cluster in $var (make run creates one)"
	DATABASE_URL=$(jb_cluster_url "$var/pg")
fi
PSQL=psql
[ -x "$JB_PGBIN/psql" ] && PSQL=$JB_PGBIN/psql
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

LOCK_KEY=7366120401	# any constant shared by every runner: "jobbro migrations"
cd "$JB_ROOT"
shopt -s nullglob
files=(sql/migrations/[0-9][0-9][0-9][0-9]_*.sql)
[ ${#files[@]} -gt 0 ] || { jb_log "no migrations"; exit 0; }

for f in "${files[@]}"; do
	base=$(basename "$f" .sql)
	version=${base%%_*}
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" \
	    -v version="$version" -v name="$base" -v file="$JB_ROOT/$f" \
	    -v lock="$LOCK_KEY" <<'SQL' || jb_die "migration $base failed"
\o /dev/null
BEGIN;
SELECT pg_advisory_xact_lock(:lock);
CREATE TABLE IF NOT EXISTS schema_migrations (
	version		text PRIMARY KEY,
	name		text NOT NULL,
	applied_at	timestamptz NOT NULL DEFAULT now()
);
SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = :'version') AS done \gset
\if :done
\else
\i :file
INSERT INTO schema_migrations (version, name) VALUES (:'version', :'name');
\echo jobbro: applied migration :name
\endif
COMMIT;
SQL
done
