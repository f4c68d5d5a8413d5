#!/usr/bin/env bash
# scripts/seed.sh [--demo] — load reference data (sql/seed/municipalities.sql,
# always) and, with --demo, the demo data (sql/seed/demo.sql) and the years
# of service history behind the statistics (sql/seed/history.sql, ~0.5 s).
# The seeds are idempotent and read their CSV files by paths relative to
# the repository root, so psql runs from there.
#   DATABASE_URL   as for scripts/migrate.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

demo=0
case ${1:-} in
--demo) demo=1 ;;
'') ;;
*) jb_die "usage: scripts/seed.sh [--demo]" ;;
esac

if [ -z "${DATABASE_URL:-}" ]; then
	var=$(jb_var_dir)
	[ -f "$var/pg/port" ] || jb_die "DATABASE_URL is not set and there is no cluster in $var"
	DATABASE_URL=$(jb_cluster_url "$var/pg")
fi
PSQL=psql
[ -x "$JB_PGBIN/psql" ] && PSQL=$JB_PGBIN/psql
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"

cd "$JB_ROOT"
seeds=(sql/seed/municipalities.sql)
[ "$demo" = 1 ] && seeds+=(sql/seed/demo.sql sql/seed/history.sql)
for s in "${seeds[@]}"; do
	if [ ! -f "$s" ]; then
		jb_log "no $s, skipped"
		continue
	fi
	"$PSQL" -X -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" -f "$s" </dev/null >/dev/null ||
		jb_die "seed $s failed"
done
