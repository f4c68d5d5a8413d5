#!/usr/bin/env bash
# scripts/test.sh (make test) — build with ASan+UBSan, start a throwaway
# PostgreSQL cluster and Kore (each run in a fresh temp dir, on a free port),
# then run:
#   unit    the cmocka tests (ctest)
#   sql     tests/sql/*.sql, each inside BEGIN ... ROLLBACK
#   api     python3 -m pytest tests/api against the running server
#   readme  README.md's ```sh examples against `make run` (scripts/run.sh)
#           on a database of its own with the demo data (tests/readme/)
#   migrations, privileges (what the server's database role cannot do)
#   server  Kore's output is clean (no `ignoring "..."`, no crashed or
#           killed worker) and no sanitizer report was written
# A second Kore (2 workers, small rate limits: JOBBRO_RL_URL) serves the
# rate limit tests; the main one's limits are too high to get in the way.
# A third, B (JOBBRO_INSTANCE_B_URL), runs the main one's settings; haproxy
# balances over both (JOBBRO_LB_URL) and a second jobbro-webhookd competes
# with the first: tests/api/test_instances.py. A fourth reads from a
# streaming replica of the cluster (JOBBRO_REPLICA_INSTANCE_URL):
# tests/api/test_replica.py.
#   logs    PostgreSQL's logs are private and hold no statement or
#           personal data of the server's errors
# The server connects as jobbro_app (DATABASE_URL), migrations and seeds as
# jobbro_owner (JOBBRO_MIGRATE_URL), the SQL tests, checks and the API
# tests' direct look at tables as the cluster's superuser.
# Prints one line `N passed, N failed` at the end; exits non-zero on any
# failure. Everything started is stopped and deleted on exit or Ctrl-C.
#
# Env: JOBBRO_WORKERS (2), JOBBRO_MODULE (load this .so instead of
#   build/asan/jobbro.so), JOBBRO_SKIP_DEPS=1, PYTEST_ADDOPTS (passed on to
#   pytest, e.g. "-k jobs -x"), JOBBRO_KEEP_TMP=1 (keep the temp dir),
#   JOBBRO_TEST_README=0 (skip the readme suite while iterating).
# Logs of the last run are copied to build/test-logs/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$JB_ROOT"

bash "$JB_ROOT/scripts/deps.sh"
jb_ensure_user

mkdir -p build
jb_build "$JB_ROOT/build/asan" -DJOBBRO_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
MODULE=${JOBBRO_MODULE:-$JB_ROOT/build/asan/jobbro.so}
[ -f "$MODULE" ] || jb_die "$MODULE was not built"
openapi_json=''
if jb_openapi_json "$JB_ROOT/build/openapi.json"; then
	openapi_json=$JB_ROOT/build/openapi.json
fi
docs_dir=''
export JOBBRO_DOCS_BUNDLE=0
if jb_docs_assets "$JB_ROOT/build/docs"; then
	docs_dir=$JB_ROOT/build/docs JOBBRO_DOCS_BUNDLE=1
else
	jb_log "WARNING: no Redoc bundle (npm could not fetch it): the /docs tests check the 404 fallback instead"
fi

T=$(jb_scratch_dir jobbro-test)
LOGS=$JB_ROOT/build/test-logs
rm -rf "$LOGS"
mkdir -p "$LOGS"

kore_pid='' cluster='' kore_stop_failed=0 webhookd_pid='' readme_pid=''
rl_pid='' b_pid='' lb_pid='' webhookd_b_pid='' replica_kore_pid='' replica=''
stop_kore() {
	jb_stop_kore "$kore_pid" || kore_stop_failed=1
	kore_pid=''
}
stop_rl_kore() {
	jb_stop_kore "$rl_pid" || kore_stop_failed=1
	rl_pid=''
}
stop_b_kore() {	# the balancer and instance B behind it
	jb_stop_kore "$lb_pid" || true
	lb_pid=''
	jb_stop_kore "$b_pid" || kore_stop_failed=1
	b_pid=''
}
stop_replica() {	# its Kore, then the standby
	jb_stop_kore "$replica_kore_pid" || kore_stop_failed=1
	replica_kore_pid=''
	if [ -n "$replica" ]; then
		jb_cluster_stop "$replica" 2>/dev/null || true
		rm -rf "$(jb_cluster_sockdir "$replica")"
	fi
}
stop_webhookd() {
	jb_stop_kore "$webhookd_pid" || true
	webhookd_pid=''
	jb_stop_kore "$webhookd_b_pid" || true
	webhookd_b_pid=''
}
stop_readme() {	# make run of the README suite: run.sh stops its Kore
	jb_stop_kore "$readme_pid" || true
	readme_pid=''
}
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_readme
	stop_webhookd
	stop_rl_kore
	stop_b_kore
	stop_replica
	stop_kore
	if [ -n "$cluster" ]; then
		jb_cluster_stop "$cluster" 2>/dev/null || true
		cp "$cluster/postgresql.log" "$LOGS/" 2>/dev/null || true
		cp -r "$cluster/log" "$LOGS/pg-log" 2>/dev/null || true
	fi
	cp "$T/kore.log" "$T/kore.conf" "$T/webhookd.log" "$T/readme.log" \
	    "$T/readme-run.log" "$T/kore-rl.log" "$T/kore-b.log" "$T/haproxy.log" "$T/haproxy.cfg" \
	    "$T/webhookd-b.log" "$T/kore-replica.log" "$T/basebackup.log" "$LOGS/" 2>/dev/null || true
	if [ -n "$replica" ]; then cp "$replica/postgresql.log" "$LOGS/replica-postgresql.log" 2>/dev/null || true; fi
	cp -r "$T/asan" "$LOGS/" 2>/dev/null || true
	jb_scratch_remove "$T" "$cluster"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- database -------------------------------------------------------------
cluster=$T/pg
jb_scratch_cluster "$cluster"
SU_URL=$(jb_cluster_url "$cluster" "$JB_DBUSER")
# SQL tests get their own copy (made before Kore connects to the original).
"$JB_PGBIN/createdb" -h "$(jb_cluster_sockdir "$cluster")" -p "$(cat "$cluster/port")" \
    -U "$JB_DBUSER" -T "$JB_DBNAME" "${JB_DBNAME}_sqltest"
SQLTEST_URL=$(jb_cluster_url "$cluster" "$JB_DBUSER" "${JB_DBNAME}_sqltest")
# The SQL tests check scope and pagination against the demo data.
JOBBRO_MIGRATE_URL=$SQLTEST_URL bash "$JB_ROOT/scripts/seed.sh" --demo

# --- server ---------------------------------------------------------------
mkdir -p "$T/asan"
chmod 0777 "$T/asan"
KPORT=$(jb_free_port)
jb_render_conf "$T/kore.conf" 127.0.0.1 "$KPORT" "$MODULE" \
    "${JOBBRO_WORKERS:-2}" "$T/kore.pid" "$T"
jb_kore_argv "$T/kore.conf"

JOBBRO_JWT_SECRET=$(openssl rand -hex 32)
JOBBRO_ADMIN_EMAIL=admin@jobbro.test
JOBBRO_ADMIN_PASSWORD="test-$(openssl rand -hex 12)"
export JOBBRO_JWT_SECRET JOBBRO_ADMIN_EMAIL JOBBRO_ADMIN_PASSWORD
export JOBBRO_LOG_LEVEL=${JOBBRO_LOG_LEVEL:-info}
# The tests act as a proxy forwarding for many clients (X-Forwarded-For),
# wait out a short refresh grace, and read /metrics with its token.
export JOBBRO_TRUSTED_PROXIES=127.0.0.1,::1
export JOBBRO_REFRESH_REUSE_GRACE=2
# Rate limits that no test reaches by accident (the limits themselves are
# tested against the second server below).
export JOBBRO_RATE_LIMIT=1000000/60s JOBBRO_RATE_LIMIT_AUTH=1000000/60s
JOBBRO_METRICS_TOKEN=$(openssl rand -hex 16)
export JOBBRO_METRICS_TOKEN
if [ -n "$openapi_json" ]; then export JOBBRO_OPENAPI_JSON=$openapi_json; fi
if [ -n "$docs_dir" ]; then export JOBBRO_DOCS_DIR=$docs_dir; fi
# Webhooks: the tests' receivers listen on 127.0.0.1; the sender gives up
# after 8 s (not 24 h), backs off from 0.3 s to 2 s and times out after 2 s.
export JOBBRO_WEBHOOK_ALLOW_PRIVATE=1 JOBBRO_WEBHOOK_RETRY_WINDOW=8
export JOBBRO_WEBHOOK_BACKOFF_BASE=0.3 JOBBRO_WEBHOOK_BACKOFF_CAP=2
export JOBBRO_WEBHOOK_TIMEOUT=2
export JOBBRO_WEBHOOKD=$JB_ROOT/build/asan/jobbro-webhookd
[ -x "$JOBBRO_WEBHOOKD" ] || jb_die "$JOBBRO_WEBHOOKD was not built"
libasan=$(gcc -print-file-name=libasan.so)
[ -f "$libasan" ] || jb_die "libasan.so not found (gcc -print-file-name)"

jb_log "starting Kore (ASan) on 127.0.0.1:$KPORT"
LD_PRELOAD=$libasan \
ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:quarantine_size_mb=8:log_path=$T/asan/asan \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/asan/ubsan \
    setsid "${JB_KORE_ARGV[@]}" >"$T/kore.log" 2>&1 </dev/null &
kore_pid=$!
if ! jb_wait_http "http://127.0.0.1:$KPORT/healthz" "$kore_pid" 30; then
	jb_log "Kore did not answer GET /healthz with 200 within 30 s; its log:"
	tail -n 60 "$T/kore.log" >&2 || true
	for f in "$T"/asan/*; do [ -f "$f" ] && head -n 60 "$f" >&2; done
	echo "0 passed, 1 failed"
	exit 1
fi

# start_instance PIDVAR NAME PORT CONF_LINE [ENV_ARG...]: one more Kore
# (ASan) of this build with 2 workers on 127.0.0.1:PORT, its conf plus
# CONF_LINE, the environment above changed by env(1)'s ENV_ARGs;
# $T/NAME.conf, NAME.log, asan/NAME*. Its pid goes into the variable
# PIDVAR (for cleanup); the run fails if /healthz stays silent.
start_instance() {
	local pidvar=$1 name=$2 port=$3 line=$4
	shift 4
	jb_render_conf "$T/$name.conf" 127.0.0.1 "$port" "$MODULE" 2 \
	    "$T/$name.pid" "$T"
	if [ -n "$line" ]; then echo "$line" >>"$T/$name.conf"; fi
	jb_kore_argv "$T/$name.conf"
	jb_log "starting Kore $name (ASan) on 127.0.0.1:$port"
	env "$@" LD_PRELOAD="$libasan" \
	    "ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:quarantine_size_mb=8:log_path=$T/asan/$name" \
	    "UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/asan/$name-ubsan" \
	    setsid "${JB_KORE_ARGV[@]}" >"$T/$name.log" 2>&1 </dev/null &
	printf -v "$pidvar" %s "$!"
	jb_kore_argv "$T/kore.conf"
	if ! jb_wait_http "http://127.0.0.1:$port/healthz" "${!pidvar}" 30; then
		jb_log "Kore $name did not answer GET /healthz within 30 s; its log:"
		tail -n 60 "$T/$name.log" >&2 || true
		echo "0 passed, 1 failed"
		exit 1
	fi
}

# The rate limit tests' server: 2 workers sharing one count, 20 requests
# per 20 s (5 per 2 s at the token endpoint). Without the admin settings:
# it must not re-hash the admin's password (that ends the admin's tokens).
# A worker keeps accepting until it is busy (16 connections in one go);
# here it hands over after each, so a burst lands on both workers.
RL_PORT=$(jb_free_port)
start_instance rl_pid kore-rl "$RL_PORT" "worker_accept_threshold 1" \
    -u JOBBRO_ADMIN_EMAIL -u JOBBRO_ADMIN_PASSWORD \
    JOBBRO_RATE_LIMIT=20/20s JOBBRO_RATE_LIMIT_AUTH=5/2s
export JOBBRO_RL_URL="http://127.0.0.1:$RL_PORT"
export JOBBRO_RL_LIMIT=20/20s JOBBRO_RL_LIMIT_AUTH=5/2s

jb_log "starting jobbro-webhookd (ASan)"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:log_path=$T/asan/webhookd \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/asan/webhookd-ubsan \
    setsid "$JOBBRO_WEBHOOKD" >"$T/webhookd.log" 2>&1 </dev/null &
webhookd_pid=$!
export JOBBRO_WEBHOOKD_LOG=$T/webhookd.log

# Several instances (tests/api/test_instances.py): a second Kore "B" of the
# main server's settings on the same database, behind haproxy (round robin
# over the main one and B, health check /healthz), and a second sender.
# B skips the admin bootstrap, as the rate limit server does. B hands
# each connection to the next worker and keeps a 1 MiB public-read cache
# per worker, so that tests/api/test_cache.py reaches every worker and
# fills the cache past its bound.
B_PORT=$(jb_free_port)
start_instance b_pid kore-b "$B_PORT" "worker_accept_threshold 1" \
    -u JOBBRO_ADMIN_EMAIL -u JOBBRO_ADMIN_PASSWORD JOBBRO_CACHE_MB=1
command -v haproxy >/dev/null 2>&1 ||
	jb_die "haproxy is not installed (scripts/deps.sh installs it)"
LB_PORT=$(jb_free_port)
cat >"$T/haproxy.cfg" <<EOF
global
	maxconn 512
defaults
	mode http
	option forwardfor
	timeout connect 5s
	timeout client 60s
	timeout server 60s
frontend jobbro
	bind 127.0.0.1:$LB_PORT
	default_backend kores
backend kores
	balance roundrobin
	option httpchk
	http-check send meth GET uri /healthz ver HTTP/1.1 hdr Host localhost
	http-check expect status 200
	server a 127.0.0.1:$KPORT check inter 2s
	server b 127.0.0.1:$B_PORT check inter 2s
EOF
haproxy -c -f "$T/haproxy.cfg" >"$T/haproxy.log" 2>&1 ||
	{ cat "$T/haproxy.log"; jb_die "haproxy refuses its configuration"; }
jb_log "starting haproxy on 127.0.0.1:$LB_PORT"
setsid haproxy -db -f "$T/haproxy.cfg" >>"$T/haproxy.log" 2>&1 </dev/null &
lb_pid=$!
if ! jb_wait_http "http://127.0.0.1:$LB_PORT/healthz" "$lb_pid" 30; then
	tail -n 40 "$T/haproxy.log" >&2 || true
	jb_die "haproxy did not answer GET /healthz within 30 s"
fi
export JOBBRO_LB_URL="http://127.0.0.1:$LB_PORT"
export JOBBRO_INSTANCE_B_URL="http://127.0.0.1:$B_PORT"
export JOBBRO_KORE_B_LOG=$T/kore-b.log
jb_log "starting a second jobbro-webhookd (ASan)"
ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:log_path=$T/asan/webhookd-b \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:log_path=$T/asan/webhookd-b-ubsan \
    setsid "$JOBBRO_WEBHOOKD" >"$T/webhookd-b.log" 2>&1 </dev/null &
webhookd_b_pid=$!

# A read replica (tests/api/test_zz_replica.py): a streaming standby of the
# test cluster (pg_basebackup -R over the socket, replication by peer
# authentication like everything else) and one more Kore of the main
# server's settings that reads there (JOBBRO_DATABASE_READ_URL), allowed
# to lag 1 s. Its pg_ctl stop/start commands are for the tests.
replica=$T/pg-replica
jb_log "making a read replica of the test cluster"
echo "local replication $JB_DBUSER peer map=jobbro" |
    jb_as_owner tee "$cluster/data/pg_hba.local.conf" >/dev/null
jb_cluster_configure "$cluster"
jb_as_owner "$JB_PGBIN/pg_ctl" -D "$cluster/data" reload >/dev/null
jb_private_dir "$replica"
jb_as_owner "$JB_PGBIN/pg_basebackup" -h "$(jb_cluster_sockdir "$cluster")" \
    -p "$(cat "$cluster/port")" -U "$JB_DBUSER" -D "$replica/data" -R \
    -X stream -c fast >"$T/basebackup.log" 2>&1 ||
	{ cat "$T/basebackup.log"; jb_die "pg_basebackup failed"; }
jb_free_port >"$replica/port"
jb_cluster_dirs "$replica"
jb_cluster_configure "$replica"
(eval "$(jb_cluster_cmd "$replica" start)") >/dev/null ||
	{ tail -n 30 "$replica/postgresql.log" >&2; jb_die "the replica did not start"; }
REPLICA_PORT=$(jb_free_port)
start_instance replica_kore_pid kore-replica "$REPLICA_PORT" '' \
    -u JOBBRO_ADMIN_EMAIL -u JOBBRO_ADMIN_PASSWORD \
    "JOBBRO_DATABASE_READ_URL=$(jb_cluster_url "$replica" "$JB_APP_ROLE")" \
    JOBBRO_REPLICA_MAX_LAG=1
export JOBBRO_REPLICA_INSTANCE_URL="http://127.0.0.1:$REPLICA_PORT"
JOBBRO_REPLICA_DSN=$(jb_cluster_url "$replica" "$JB_DBUSER")
JOBBRO_REPLICA_STOP=$(jb_cluster_cmd "$replica" stop)
JOBBRO_REPLICA_START=$(jb_cluster_cmd "$replica" start)
export JOBBRO_REPLICA_DSN JOBBRO_REPLICA_STOP JOBBRO_REPLICA_START

# --- suites ---------------------------------------------------------------
passed=0 failed=0
failing=()
record() {	# record SUITE PASSED FAILED
	passed=$((passed + $2))
	failed=$((failed + $3))
	if [ "$3" -gt 0 ]; then failing+=("$1 ($3 failed)"); fi
	jb_log "suite $1: $2 passed, $3 failed"
}

# (a) unit tests
jb_log "unit tests"
set +e
(cd "$JB_ROOT/build/asan" && ctest --output-on-failure -j "$(jb_ncpu)") \
    >"$T/ctest.log" 2>&1
ctest_rc=$?
set -e
cat "$T/ctest.log"
cp "$T/ctest.log" "$LOGS/"
u_total=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/p' "$T/ctest.log" | tail -n1)
u_failed=$(sed -nE 's/.*tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/p' "$T/ctest.log" | tail -n1)
if [ -n "$u_total" ]; then
	record unit $((u_total - u_failed)) "$u_failed"
elif grep -q 'No tests were found' "$T/ctest.log"; then
	record unit 0 0
else
	record unit 0 1
fi
if [ "$ctest_rc" != 0 ] && [ "${u_failed:-1}" = 0 ]; then record unit 0 1; fi

# (b) SQL tests, on a copy of the test database, each in a transaction
# that is rolled back
shopt -s nullglob
sql_files=("$JB_ROOT"/tests/sql/*.sql)
shopt -u nullglob
if [ ${#sql_files[@]} -gt 0 ]; then
	jb_log "SQL tests"
	s_pass=0 s_fail=0
	for f in "${sql_files[@]}"; do
		if { echo 'BEGIN;'; echo "\\i '$f'"; echo 'ROLLBACK;'; } |
		    (cd "$JB_ROOT" && "$JB_PGBIN/psql" -X -q -v ON_ERROR_STOP=1 \
		    -d "$SQLTEST_URL") >"$T/sql.out" 2>&1; then
			s_pass=$((s_pass + 1))
		else
			s_fail=$((s_fail + 1))
			echo "FAILED: ${f#"$JB_ROOT"/}"
			cat "$T/sql.out"
		fi
	done
	record sql "$s_pass" "$s_fail"
fi

# (b2) migrations: each applied exactly once (also when two migrators
# race) and checked by checksum; a database of the previous release
# upgrades without loss; the server refuses a database it does not fit
jb_log "migration checks"
m_pass=0 m_fail=0
mcheck() {	# mcheck DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then
		m_pass=$((m_pass + 1))
	else
		m_fail=$((m_fail + 1))
		echo "FAILED: migrations: $what"
	fi
}
mcount() { "$JB_PGBIN/psql" -X -qAt -d "$1" -c "SELECT count(*) FROM schema_migrations"; }
newdb() {
	"$JB_PGBIN/createdb" -h "$(jb_cluster_sockdir "$cluster")" \
	    -p "$(cat "$cluster/port")" -U "$JB_DBUSER" "$1"
	jb_cluster_url "$cluster" "$JB_DBUSER" "$1"
}
nfiles=$(find "$JB_ROOT/sql/migrations" -name '[0-9][0-9][0-9][0-9]_*.sql' | wc -l)
mcheck "one schema_migrations row per file" test "$(mcount "$DATABASE_URL")" = "$nfiles"
again=$(bash "$JB_ROOT/scripts/migrate.sh" 2>&1)
mcheck "a second run applies nothing" test -z "$(grep 'applied migration' <<<"$again")"
race_url=$(newdb "${JB_DBNAME}_race")
JOBBRO_MIGRATE_URL=$race_url bash "$JB_ROOT/scripts/migrate.sh" >"$T/race1.log" 2>&1 & r1=$!
JOBBRO_MIGRATE_URL=$race_url bash "$JB_ROOT/scripts/migrate.sh" >"$T/race2.log" 2>&1 & r2=$!
rc1=0 rc2=0
wait "$r1" || rc1=$?
wait "$r2" || rc2=$?
mcheck "two migrators at once both succeed" test "$rc1$rc2" = 00
mcheck "two migrators at once apply each file once" test "$(mcount "$race_url")" = "$nfiles"
m_sql() { "$JB_PGBIN/psql" -X -qAt -d "$race_url" -c "$1" >/dev/null; }
m_fails_with() {	# m_fails_with TEXT: migrate.sh on race_url fails, saying TEXT
	local out
	if out=$(JOBBRO_MIGRATE_URL=$race_url bash "$JB_ROOT/scripts/migrate.sh" 2>&1); then
		return 1
	fi
	grep -q "$1" <<<"$out"
}
m_sql "UPDATE schema_migrations SET sha256 = repeat('0', 64) WHERE version = '0001'"
mcheck "an applied migration that changed stops everything" m_fails_with "changed after it was applied"
m_sql "UPDATE schema_migrations SET sha256 = NULL WHERE version = '0001'"
m_sql "INSERT INTO schema_migrations (version, name) VALUES ('9999', '9999_future')"
mcheck "a migration this checkout lacks stops everything" m_fails_with "which this checkout does not have"
m_sql "DELETE FROM schema_migrations WHERE version = '9999'"
mcheck "... and then it goes on" env JOBBRO_MIGRATE_URL="$race_url" bash "$JB_ROOT/scripts/migrate.sh"
mcheck "a database of release 2e8a774 upgrades and loses nothing" \
    env -u JOBBRO_MIGRATE_URL DATABASE_URL="$SU_URL" \
    bash "$JB_ROOT/tests/migrate/upgrade.sh" "$T/upgrade"

# The server refuses to start on a database it does not fit, and when its
# own fixed-size tables are too small.
refuses() {	# refuses DATABASE_URL LOG TEXT [MODULE]
	local rc=0
	jb_render_conf "$T/kore-refuse.conf" 127.0.0.1 "$(jb_free_port)" \
	    "${4:-$MODULE}" 1 "$T/kore-refuse.pid" "$T"
	jb_kore_argv "$T/kore-refuse.conf"
	DATABASE_URL=$1 LD_PRELOAD=$libasan ASAN_OPTIONS=detect_leaks=0 \
	    timeout 30 "${JB_KORE_ARGV[@]}" >"$2" 2>&1 </dev/null || rc=$?
	jb_kore_argv "$T/kore.conf"
	[ "$rc" != 0 ] && [ "$rc" != 124 ] && grep -q "$3" "$2"
}
mcheck "the server refuses an unmigrated database" \
    refuses "$(newdb "${JB_DBNAME}_empty")" "$T/kore-empty.log" "not migrated"
m_sql "UPDATE schema_api SET hash = repeat('0', 64)"
mcheck "the server refuses a database of another api build" \
    refuses "$race_url" "$T/kore-api.log" "schema api is build"
JOBBRO_MIGRATE_URL=$race_url bash "$JB_ROOT/scripts/migrate.sh" >/dev/null
m_sql "REVOKE EXECUTE ON FUNCTION api.jobs_get(jsonb, jsonb) FROM $JB_APP_ROLE"
mcheck "the server refuses a database whose function it may not call" \
    refuses "$(jb_cluster_url "$cluster" "$JB_APP_ROLE" "${JB_DBNAME}_race")" \
    "$T/kore-grant.log" "needs api.jobs_get(jsonb,jsonb), which the database role may not execute"
JOBBRO_MIGRATE_URL=$race_url bash "$JB_ROOT/scripts/migrate.sh" >/dev/null
m_sql "DROP FUNCTION api.jobs_get(jsonb, jsonb)"
mcheck "the server refuses a database without a function it calls" \
    refuses "$race_url" "$T/kore-function.log" \
    "GET /v1/jobs/{id} needs api.jobs_get(jsonb,jsonb)"
cmake -S "$JB_ROOT" -B "$JB_ROOT/build/tiny" -DJOBBRO_TINY_TABLES=ON \
    -DCMAKE_BUILD_TYPE=Release >"$T/tiny.log" 2>&1 &&
    env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build "$JB_ROOT/build/tiny" \
    --target jobbro -j "$(jb_ncpu)" >>"$T/tiny.log" 2>&1 ||
    { cat "$T/tiny.log"; jb_die "the build with tiny tables failed"; }
refuses_setting() {	# refuses_setting NAME=VALUE LOG TEXT
	(export "$1" && refuses "$DATABASE_URL" "$2" "$3")
}
mcheck "the server refuses a rate limit that does not parse" \
    refuses_setting JOBBRO_RATE_LIMIT=600/minute "$T/kore-rate.log" \
    'JOBBRO_RATE_LIMIT must be requests per window.*not "600/minute"'
mcheck "... and the token endpoint's, by name" \
    refuses_setting JOBBRO_RATE_LIMIT_AUTH=lots "$T/kore-rate-auth.log" \
    'JOBBRO_RATE_LIMIT_AUTH must be requests per window'
mcheck "the server refuses a replica lag that is not whole seconds" \
    refuses_setting JOBBRO_REPLICA_MAX_LAG=1.5 "$T/kore-lag.log" \
    'JOBBRO_REPLICA_MAX_LAG must be whole seconds, 0..60; not "1.5"'
mcheck "... or too long" \
    refuses_setting JOBBRO_REPLICA_MAX_LAG=61 "$T/kore-lag-long.log" \
    'JOBBRO_REPLICA_MAX_LAG must be whole seconds'
mcheck "the server refuses to start when its tables are too small" \
    refuses "$DATABASE_URL" "$T/kore-tiny.log" \
    "raise JB_METRICS_ENDPOINTS" "$JB_ROOT/build/tiny/jobbro.so"
mcheck "... and names each table" grep -q "raise JB_DB_STATEMENTS_MAX" \
    "$T/kore-tiny.log"
record migrations "$m_pass" "$m_fail"

# (b3) least privilege: the server's role (DATABASE_URL) may run the api
# entry points and nothing else; nobody but the cluster owner (and root)
# reaches the cluster; the logs are private
jb_log "privilege checks"
p_ok=0 p_bad=0
pcheck() {	# pcheck DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@"; then
		p_ok=$((p_ok + 1))
	else
		p_bad=$((p_bad + 1))
		echo "FAILED: privileges: $what"
	fi
}
su_sql() { "$JB_PGBIN/psql" -X -qAt -d "$SU_URL" -c "$1" </dev/null; }
su_is() { test "$(su_sql "$1")" = "$2"; }	# su_is SQL ANSWER
app_denied() {	# app_denied SQL — the server's role may not (rolled back)
	local out
	if out=$(printf 'BEGIN;\n%s;\nROLLBACK;\n' "$1" | "$JB_PGBIN/psql" -X \
	    -q -v ON_ERROR_STOP=1 -d "$DATABASE_URL" 2>&1); then
		return 1
	fi
	grep -qiE 'permission denied|must be (owner|superuser)' <<<"$out" ||
		{ echo "$out"; return 1; }
}
# One statement a line: add what else the role must not do.
while IFS= read -r sql; do
	pcheck "the server's role cannot: $sql" app_denied "$sql"
done <<'EOF'
CREATE TABLE public.jb_x (i int)
CREATE TABLE api.jb_x (i int)
CREATE TABLE core.jb_x (i int)
CREATE SCHEMA jb_x
CREATE TEMP TABLE jb_x (i int)
CREATE FUNCTION api.jb_x() RETURNS int LANGUAGE sql AS 'SELECT 1'
COPY (SELECT 1) TO PROGRAM 'true'
ALTER TABLE seekers ADD COLUMN jb_x int
ALTER FUNCTION api.jobs_get(jsonb, jsonb) SECURITY INVOKER
SELECT * FROM seekers
SELECT * FROM users
UPDATE users SET role = 'admin'
UPDATE audit_events SET action = 'x.y'
DELETE FROM audit_events
TRUNCATE audit_events
SELECT * FROM events
UPDATE events SET type = 'x.y'
SELECT secret_hash FROM api_clients
SELECT secret FROM webhooks
SELECT * FROM calendar_feeds
DELETE FROM schema_migrations
SELECT api.ts(now())
SELECT core.join_text(ARRAY['a'])
EOF
pcheck "the server's role has no attribute (superuser, inherit, ...)" su_is \
    "SELECT rolsuper OR rolinherit OR rolcreatedb OR rolcreaterole OR
    rolreplication OR rolbypassrls OR NOT rolcanlogin FROM pg_roles
    WHERE rolname = '$JB_APP_ROLE'" f
pcheck "the owner role is not a superuser" su_is \
    "SELECT rolsuper FROM pg_roles WHERE rolname = '$JB_OWNER_ROLE'" f
pcheck "the server's role owns nothing; the owner role everything" su_is \
    "SELECT count(*) FROM (SELECT relowner o, relnamespace n, oid, 'pg_class' c
	FROM pg_class WHERE relkind NOT IN ('i', 't', 'I')
    UNION ALL SELECT proowner, pronamespace, oid, 'pg_proc' FROM pg_proc
    UNION ALL SELECT typowner, typnamespace, oid, 'pg_type' FROM pg_type
	WHERE typrelid = 0 AND typelem = 0
    UNION ALL SELECT nspowner, oid, oid, 'pg_namespace' FROM pg_namespace) x
    WHERE n IN ('public'::regnamespace, 'api'::regnamespace,
	'core'::regnamespace) AND o <> '$JB_OWNER_ROLE'::regrole
    AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = x.oid
	AND d.classid = x.c::regclass AND d.deptype = 'e')" 0
pcheck "the entry points, and only they, run as the owner and are the server's" \
    su_is "SELECT count(*) FILTER (WHERE prosecdef <> has_function_privilege(
	'$JB_APP_ROLE', oid, 'EXECUTE')) || ' '
    || count(*) FILTER (WHERE prosecdef AND proconfig IS NULL) || ' '
    || bool_and(prosecdef) FILTER (WHERE proname IN ('jobs_get',
	'idempotent', 'auth_issue', 'ready', 'bootstrap_admin')) || ' '
    || bool_or(prosecdef OR proconfig IS NOT NULL) FILTER (WHERE proname IN
	('ts', 'etag', 'in_scope'))
    FROM pg_proc WHERE pronamespace = 'api'::regnamespace" "0 0 true false"
pcheck "PUBLIC may execute no api function" su_is \
    "SELECT count(*) FROM pg_proc p, aclexplode(coalesce(p.proacl,
	acldefault('f', p.proowner))) a
    WHERE p.pronamespace = 'api'::regnamespace AND a.grantee = 0" 0
# (the replica's replication line above is one more of the same kind)
pcheck "pg_hba.conf: the socket, peer, nothing else (no trust)" su_is \
    "SELECT string_agg(DISTINCT type || ' ' || auth_method || ' '
	|| coalesce(array_to_string(options, ','), ''), '; ')
    FROM pg_hba_file_rules" "local peer map=jobbro"
if jb_is_root; then
	nobody_cannot() {	# nobody_cannot ROLE
		! (cd / && runuser -u nobody -- "$JB_PGBIN/psql" -X -qAt \
		    -d "$(jb_cluster_url "$cluster" "$1")" -c 'SELECT 1') \
		    >/dev/null 2>&1
	}
	for r in "$JB_DBUSER" "$JB_OWNER_ROLE" "$JB_APP_ROLE"; do
		pcheck "another OS user (nobody) cannot connect as $r" \
		    nobody_cannot "$r"
	done
fi
mode_is() { test "$(stat -c %a "$2")" = "$1"; }	# mode_is MODE PATH
for d in "$cluster" "$cluster/data" "$cluster/log" \
    "$(jb_cluster_sockdir "$cluster")"; do
	pcheck "${d#"$T"/} is 0700" mode_is 700 "$d"
done
record privileges "$p_ok" "$p_bad"

# Requests whose errors PostgreSQL logs (checked in (e)): an anonymous 404,
# a 409 from a unique violation that carries an e-mail.
log_email="log-$(openssl rand -hex 6)@jobbro.test"
log_token=$(curl -s --max-time 20 -X POST -H 'Content-Type: application/json' \
    -d "{\"grant_type\":\"password\",\"username\":\"$JOBBRO_ADMIN_EMAIL\",\"password\":\"$JOBBRO_ADMIN_PASSWORD\"}" \
    "http://127.0.0.1:$KPORT/v1/auth/token" |
    "$JB_PY" -c 'import json, sys; print(json.load(sys.stdin).get("access_token", ""))' || true)
log_post() {
	curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X POST \
	    -H 'Content-Type: application/json' -H "Authorization: Bearer $log_token" \
	    -d "{\"email\":\"$log_email\",\"name\":\"Log Test\",\"role\":\"admin\",\"password\":\"et-langt-kodeord\"}" \
	    "http://127.0.0.1:$KPORT/v1/users" || true
}
log_codes="$(curl -s -o /dev/null -w '%{http_code}' --max-time 20 \
    "http://127.0.0.1:$KPORT/v1/jobs/$(cat /proc/sys/kernel/random/uuid)" || true)"
log_codes="$log_codes $(log_post) $(log_post)"

# (c) API tests against the running server
jb_log "API tests"
export JOBBRO_BASE_URL="http://127.0.0.1:$KPORT"
export JOBBRO_TEST_DSN=$SU_URL
export JOBBRO_PG_LOG_DIR=$cluster/log
export JOBBRO_SPEC="$JB_ROOT/api-spec/openapi.yaml"
export JOBBRO_KORE_LOG="$T/kore.log"
JOBBRO_TEST_DB_STOP=$(jb_cluster_cmd "$cluster" stop)
JOBBRO_TEST_DB_START=$(jb_cluster_cmd "$cluster" start)
export JOBBRO_TEST_DB_STOP JOBBRO_TEST_DB_START
set +e
PYTHONDONTWRITEBYTECODE=1 "$JB_PY" -m pytest -q -p no:cacheprovider \
    --junitxml="$T/pytest.xml" "$JB_ROOT/tests/api" </dev/null
pytest_rc=$?
set -e
cp "$T/pytest.xml" "$LOGS/" 2>/dev/null || true
read -r p_pass p_fail < <("$JB_PY" - "$T/pytest.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    root = ET.parse(sys.argv[1]).getroot()
except Exception:
    print(0, 0)
    sys.exit()
t = f = e = s = 0
for ts in ([root] if root.tag == "testsuite" else root.iter("testsuite")):
    t += int(ts.get("tests", 0)); f += int(ts.get("failures", 0))
    e += int(ts.get("errors", 0)); s += int(ts.get("skipped", 0))
print(t - f - e - s, f + e)
EOF
)
case $pytest_rc in
0 | 1) ;;
5) jb_log "warning: pytest collected no API tests" ;;
*) [ "$p_fail" -gt 0 ] || p_fail=1 ;;	# usage error, interrupted, crash
esac
if [ "$pytest_rc" = 1 ] && [ "$p_fail" = 0 ]; then p_fail=1; fi
record api "$p_pass" "$p_fail"
stop_webhookd
stop_rl_kore
stop_b_kore
stop_replica

# (c2) README: its ```sh examples, in order, against `make run` itself
# (scripts/run.sh, the release build) on a database of its own with the
# demo data, with only what a newcomer's shell has in its environment
# (tests/readme/run.py; one test per block)
if [ "${JOBBRO_TEST_README:-1}" != 0 ]; then
	jb_log "README examples"
	R=$T/readme
	mkdir -p "$R"
	"$JB_PGBIN/createdb" -h "$(jb_cluster_sockdir "$cluster")" \
	    -p "$(cat "$cluster/port")" -U "$JB_DBUSER" "${JB_DBNAME}_readme"
	jb_cluster_roles "$cluster" "${JB_DBNAME}_readme"
	RPORT=$(jb_free_port)
	newcomer=(env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8
	    TERM=dumb JOBBRO_SKIP_DEPS=1)
	"${newcomer[@]}" PORT="$RPORT" HOST=127.0.0.1 JOBBRO_VAR_DIR="$R/var" \
	    DATABASE_URL="$(jb_cluster_url "$cluster" "$JB_APP_ROLE" "${JB_DBNAME}_readme")" \
	    JOBBRO_MIGRATE_URL="$(jb_cluster_url "$cluster" "$JB_OWNER_ROLE" "${JB_DBNAME}_readme")" \
	    setsid bash "$JB_ROOT/scripts/run.sh" >"$T/readme-run.log" 2>&1 </dev/null &
	readme_pid=$!
	r_pass=0 r_fail=0
	if jb_wait_http "http://127.0.0.1:$RPORT/healthz" "$readme_pid" 600; then
		(cd "$R" && "${newcomer[@]}" "$JB_PY" "$JB_ROOT/tests/readme/run.py" \
		    "$JB_ROOT/README.md" "http://127.0.0.1:$RPORT" "$R") \
		    >"$T/readme.log" 2>&1 || true
		grep -v '^ok - ' "$T/readme.log" || true
		read -r r_pass r_fail < <(sed -nE \
		    's/^readme: ([0-9]+) passed, ([0-9]+) failed$/\1 \2/p' "$T/readme.log") ||
			{ r_pass=0 r_fail=1; }
		# ... and the runner's own test: it must catch what it is there for
		mkdir -p "$T/readme-self"
		if "${newcomer[@]}" "$JB_PY" "$JB_ROOT/tests/readme/run.py" --self-test \
		    "http://127.0.0.1:$RPORT" "$T/readme-self" >"$T/readme-self.log" 2>&1; then
			r_pass=$((r_pass + 1))
		else
			r_fail=$((r_fail + 1))
			cat "$T/readme-self.log"
		fi
	else
		r_fail=1
		echo "FAILED: make run (scripts/run.sh) did not serve /healthz; its log:"
		tail -n 40 "$T/readme-run.log"
	fi
	stop_readme
	record readme "$r_pass" "$r_fail"
fi

# (d) the server itself: stop it while a login (Argon2, ~100 ms and more
# under ASan) is in flight, then read what it said. A graceful stop
# finishes the login (src/jobbro.c: jobbro_drain).
login_body=$(printf '{"grant_type":"password","username":"%s","password":"%s"}' \
    "$JOBBRO_ADMIN_EMAIL" "$JOBBRO_ADMIN_PASSWORD")
inflight_rid=inflight-at-sigterm-$(openssl rand -hex 8)
curl -s -o /dev/null -w '%{http_code}' --max-time 20 -X POST \
    -H 'Content-Type: application/json' -H "X-Request-Id: $inflight_rid" \
    -d "$login_body" \
    "$JOBBRO_BASE_URL/v1/auth/token" >"$T/inflight.code" 2>/dev/null &
inflight=$!
sleep 0.1
stop_kore
wait "$inflight" || true
jb_log "server checks"
k_pass=0 k_fail=0
if [ "$(cat "$T/inflight.code")" = 200 ]; then
	k_pass=$((k_pass + 1))
else
	k_fail=$((k_fail + 1))
	echo "FAILED: a login in flight at SIGTERM got '$(cat "$T/inflight.code")', not 200"
fi
# Log lines are buffered per event-loop pass (src/http.c): the stop
# writes the last ones.
if grep -q "\"request_id\":\"$inflight_rid\".*\"status\":200" "$T/kore.log"; then
	k_pass=$((k_pass + 1))
else
	k_fail=$((k_fail + 1))
	echo "FAILED: the log line of the login in flight at SIGTERM is missing"
fi
bad=$(cat "$T/kore.log" "$T/kore-rl.log" "$T/kore-b.log" "$T/kore-replica.log" | grep -v '^{' |
    grep -E "$JB_KORE_BAD" || true)
if [ -n "$bad" ]; then
	k_fail=$((k_fail + 1))
	echo "FAILED: Kore's log shows a configuration problem or a crashed worker:"
	printf '%s\n' "$bad" | head -n 40
else
	k_pass=$((k_pass + 1))
fi
# A clean stop is part of the contract (src/jobbro.c: jobbro_exit).
if [ "$kore_stop_failed" = 1 ]; then
	k_fail=$((k_fail + 1))
	echo "FAILED: Kore did not exit within 15 s of SIGTERM (killed)"
fi
reports=("$T"/asan/*)
if [ -e "${reports[0]}" ]; then
	k_fail=$((k_fail + 1))
	echo "FAILED: sanitizer reports:"
	for f in "${reports[@]}"; do
		echo "== $f"
		head -n 80 "$f"
	done
else
	k_pass=$((k_pass + 1))
fi
record server "$k_pass" "$k_fail"

# (e) PostgreSQL's logs: private, rotated, and quiet about the server's
# errors (the requests made before the API tests)
jb_log "log checks"
p_ok=0 p_bad=0
pg_logs=("$cluster"/log/postgresql-*.log)
no_grep() { ! grep -q "$@"; }
pcheck "the 404 and the 409 were answered (got: $log_codes)" \
    test "$log_codes" = "404 201 409"
pcheck "PostgreSQL logs through its collector, into log/" test -f "${pg_logs[0]}"
for f in "${pg_logs[@]}" "$cluster/postgresql.log"; do
	pcheck "${f#"$T"/} is 0600" mode_is 600 "$f"
done
pcheck "the server's 409 is logged (so the next checks mean something)" \
    grep -q "$JB_APP_ROLE@[^ ]* ERROR: .*duplicate key" "${pg_logs[@]}"
pcheck "no STATEMENT: for an error of the server's role" \
    no_grep "$JB_APP_ROLE@[^ ]* STATEMENT:" "${pg_logs[@]}"
pcheck "no DETAIL: for an error of the server's role" \
    no_grep "$JB_APP_ROLE@[^ ]* DETAIL:" "${pg_logs[@]}"
pcheck "the e-mail of the 409 is nowhere in the logs" \
    no_grep -F "$log_email" "${pg_logs[@]}" "$cluster/postgresql.log"
record logs "$p_ok" "$p_bad"

# --- summary --------------------------------------------------------------
echo
if [ ${#failing[@]} -gt 0 ]; then
	echo "failing suites: ${failing[*]}"
	echo "logs: build/test-logs/"
fi
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
