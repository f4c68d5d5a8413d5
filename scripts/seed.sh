#!/usr/bin/env bash
# scripts/seed.sh --demo — load the demo data (sql/seed/demo.sql) and the
# years of service history behind the statistics (sql/seed/history.sql,
# ~0.5 s) into a migrated database. Reference data (the municipalities) is
# not a seed: the migrations load it. The seeds are idempotent.
#   JOBBRO_MIGRATE_URL, DATABASE_URL   as for scripts/migrate.sh (the
#                  owner's; DATABASE_URL when there is one role for all)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "${1:-}" = --demo ] || jb_die "usage: scripts/seed.sh --demo"

DATABASE_URL=${JOBBRO_MIGRATE_URL:-${DATABASE_URL:-}}
if [ -z "$DATABASE_URL" ]; then
	var=$(jb_var_dir)
	[ -f "$var/pg/port" ] || jb_die "JOBBRO_MIGRATE_URL and DATABASE_URL are not set and there is no cluster in $var"
	DATABASE_URL=$(jb_cluster_url "$var/pg" "$JB_OWNER_ROLE")
fi
PSQL=psql
[ -x "$JB_PGBIN/psql" ] && PSQL=$JB_PGBIN/psql
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

cd "$JB_ROOT"
for s in sql/seed/demo.sql sql/seed/history.sql; do
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -f "$s" </dev/null >/dev/null ||
		jb_die "seed $s failed"
done
