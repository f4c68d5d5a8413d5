#!/usr/bin/env bash
# tests/migrate/upgrade.sh WORKDIR — does a database of an earlier release
# upgrade to this checkout and lose nothing? (scripts/test.sh runs it.)
#
#   1. database A: migrated and seeded (demo data and history) by the
#      scripts and SQL of release $JOBBRO_UPGRADE_FROM, taken from git;
#   2. snapshot A (tests/migrate/snapshot.psql: every table's rows, the
#      answers of a sample of api functions), adopt it (scripts/db-roles.sql
#      gives what the superuser made to jobbro_owner), upgrade it with this
#      checkout's scripts/migrate.sh as jobbro_owner, snapshot again: both
#      must be equal;
#   3. database B: given to jobbro_owner and migrated by this checkout from
#      nothing; A's schema (tables, core, api, owners, grants) must be B's.
#
# Needs the cluster of scripts/test.sh running (DATABASE_URL names one of
# its databases, as its superuser) and git history holding the release.
# Prints what differs; exits non-zero on any difference.
set -euo pipefail
. "$(dirname "$0")/../../scripts/lib.sh"

FROM=${JOBBRO_UPGRADE_FROM:-2e8a774}	# migrations 0001-0010, before sql/api
W=$1
PSQL=$JB_PGBIN/psql
export PGOPTIONS="${PGOPTIONS:-} -c client_min_messages=warning"
: "${DATABASE_URL:?DATABASE_URL must name a database of the test cluster}"

# The checkout may belong to another user (a fresh machine's clone).
git() { command git -c safe.directory="$JB_ROOT" -C "$JB_ROOT" "$@"; }

if ! git cat-file -e "$FROM^{commit}" 2>/dev/null; then
	jb_log "upgrade check: release $FROM is not in this clone's history (shallow clone?)"
	exit 1
fi

# db_url DBNAME [ROLE] — a URL for another database of the same cluster.
db_url() {
	printf '%s' "$DATABASE_URL" | sed -E -e "s|^(postgresql://[^/]*/)[^?]*|\1$1|" \
	    -e "s/([?&]user=)[^&]*/\1${2:-$JB_DBUSER}/"
}
# roles DBNAME — scripts/db-roles.sql on it (the owner role adopts it).
roles() {
	"$PSQL" -X -q -d "$DATABASE_URL" -v db="$1" \
	    -f "$JB_ROOT/scripts/db-roles.sql" </dev/null >/dev/null
}
newdb() {
	"$PSQL" -X -qAt -d "$DATABASE_URL" -c "DROP DATABASE IF EXISTS $1" \
	    -c "CREATE DATABASE $1" >/dev/null
	db_url "$1"
}
snapshot() {
	"$PSQL" -X -q -d "$1" -f "$JB_ROOT/tests/migrate/snapshot.psql" </dev/null
}
schema() {
	"$JB_PGBIN/pg_dump" -s -d "$1" | grep -vE '^--|^$|^\\(un)?restrict '
}

mkdir -p "$W/old"
git archive "$FROM" sql scripts | tar -x -C "$W/old"

old_url=$(newdb jobbro_upgrade_old)
DATABASE_URL=$old_url bash "$W/old/scripts/migrate.sh" >"$W/old-migrate.log" 2>&1
DATABASE_URL=$old_url bash "$W/old/scripts/seed.sh" --demo >>"$W/old-migrate.log" 2>&1
snapshot "$old_url" >"$W/before.txt"

roles jobbro_upgrade_old || jb_die "scripts/db-roles.sql failed on the database of $FROM"
JOBBRO_MIGRATE_URL=$(db_url jobbro_upgrade_old "$JB_OWNER_ROLE") \
    bash "$JB_ROOT/scripts/migrate.sh" >"$W/upgrade.log" 2>&1 || {
	cat "$W/upgrade.log"
	jb_die "the upgrade from $FROM failed"
}
snapshot "$old_url" >"$W/after.txt"

new_url=$(newdb jobbro_upgrade_new)
roles jobbro_upgrade_new
JOBBRO_MIGRATE_URL=$(db_url jobbro_upgrade_new "$JB_OWNER_ROLE") \
    bash "$JB_ROOT/scripts/migrate.sh" >/dev/null

rc=0
if [ "$(wc -l <"$W/before.txt")" -lt 30 ]; then
	jb_log "upgrade check: the snapshot of release $FROM is too short"
	rc=1
fi
if ! diff -u "$W/before.txt" "$W/after.txt" | head -n 40; then
	jb_log "upgrade check: the upgrade from $FROM changed rows or answers"
	rc=1
fi
if ! diff -u <(schema "$new_url") <(schema "$old_url") | head -n 40; then
	jb_log "upgrade check: the upgraded schema differs from a new database's"
	rc=1
fi
exit "$rc"
