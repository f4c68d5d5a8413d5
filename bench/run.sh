#!/usr/bin/env bash
# bench/run.sh (make bench) — measure Jobbro against its database ceiling.
#
#   1. deps, release build (build/release/jobbro.so)
#   2. a throwaway PostgreSQL cluster (fsync off: the bench measures CPU
#      work per request, not the disk), migrate, demo seed, bench/data.sql
#      (10,000 published jobs, 300 employers over the 98 municipalities;
#      50,000 seekers with ~110,000 applications and ~20,000 placements
#      from sql/seed/history.sql at bench scale)
#   3. Kore with the release module, BENCH_WORKERS (2) workers,
#      JOBBRO_DB_CONNS as given (default 4 per worker)
#   4. wrk, per scenario: BENCH_WARMUP (2) s warm-up, then BENCH_SECONDS
#      (10) s, 2 threads, BENCH_CONNECTIONS (32) connections (token: 4,
#      stats: 8)
#   5. pgbench ceilings for the same statements (bench/pgbench/*.sql), in
#      -M extended and -M prepared, 2/4/8/16/32/64 clients, BENCH_PG_SECONDS
#      (5) s each; the best tps of each mode counts. The scenarios that
#      write audit rows on a read (AUDITED_READS) run their ceiling once
#      more, -M prepared, with the INSERTs into audit_events switched off
#      (<scenario>_noaudit): the difference is what the audit write costs
#      The scenarios with a plain statement (bench/pgbench/plain/: the
#      same page from the simplest SQL; checked equal to the api's body
#      for 3 inputs before any timing) run it -M prepared (<scenario>_plain)
#   6. the table (stdout and build/bench/report.md), worker RSS before and
#      after; raw results in build/bench/results.jsonl, logs next to them
#
# Env: BENCH_SECONDS, BENCH_PG_SECONDS, BENCH_CONNECTIONS, BENCH_WARMUP,
#   BENCH_WORKERS, BENCH_PG_CLIENTS ("2 4 8 16 32 64"), BENCH_SCENARIOS (a
#   subset, e.g. "get_job list_jobs"), BENCH_ALLOW_ERRORS=1 (exit 0 even
#   when a scenario had errors), BENCH_DEBUG=1 (wrk prints the first
#   non-2xx bodies), JOBBRO_SKIP_DEPS=1, JOBBRO_KEEP_TMP=1.
# Exit status: 0 when every run completed without errors, else 1.
#
# Only loopback traffic: Kore binds 127.0.0.1, PostgreSQL a unix socket.
set -euo pipefail
BENCH_DIR=$(cd "$(dirname "$0")" && pwd -P)
# shellcheck source=scripts/lib.sh
. "$BENCH_DIR/../scripts/lib.sh"
cd "$JB_ROOT"

BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_PG_SECONDS=${BENCH_PG_SECONDS:-5}
BENCH_CONNECTIONS=${BENCH_CONNECTIONS:-32}
BENCH_WARMUP=${BENCH_WARMUP:-2}
BENCH_WORKERS=${BENCH_WORKERS:-2}
BENCH_PG_CLIENTS=${BENCH_PG_CLIENTS:-2 4 8 16 32 64}
BENCH_THREADS=2
TOKEN_CONNECTIONS=4
# stats: ~80 ms of database work per request; one connection per database
# connection of the server (2 workers x 4), else requests queue past wrk's
# 2 s timeout.
STATS_CONNECTIONS=8
ALL_SCENARIOS=(get_job get_job_token get_job_304 list_jobs list_jobs_token
    list_jobs_304 search_jobs feed feed_304 get_seeker list_seekers matches
    matches_noloc stats stats_overview stats_outcomes stats_fidelity
    create_employer
    create_application token events export_csv)
# Reads that write audit rows (1 and 20 a request): their ceiling is also
# measured without those writes (bench/README.md, "Audit cost").
AUDITED_READS=(get_seeker list_seekers)
# The scenarios on seekers run as this consultant (bench/data.sql).
BENCH_CONSULTANT=consultant@bench.jobbro.dk
read -r -a SCENARIOS <<<"${BENCH_SCENARIOS:-${ALL_SCENARIOS[*]}}"

for v in BENCH_SECONDS BENCH_PG_SECONDS BENCH_CONNECTIONS BENCH_WARMUP \
    BENCH_WORKERS; do
	[[ ${!v} =~ ^[1-9][0-9]{0,4}$ ]] || jb_die "$v must be a positive number"
done
read -r -a PG_CLIENTS <<<"$BENCH_PG_CLIENTS"
for c in "${PG_CLIENTS[@]}"; do
	if ! [[ $c =~ ^[1-9][0-9]{0,2}$ ]] || [ "$c" -lt "$BENCH_THREADS" ]; then
		jb_die "BENCH_PG_CLIENTS: $c is not a client count >= $BENCH_THREADS"
	fi
done
[ "$BENCH_CONNECTIONS" -ge "$BENCH_THREADS" ] ||
	jb_die "BENCH_CONNECTIONS must be at least $BENCH_THREADS"
# A <scenario>_304 asks what <scenario> asks with If-None-Match: its
# ceiling is the statement of <scenario>, measured once.
ceiling_of() { local s=${1%_304}; echo "${s%_token}"; }
for s in "${SCENARIOS[@]}"; do
	if [ ! -f "$BENCH_DIR/$s.lua" ] ||
	    [ ! -f "$BENCH_DIR/pgbench/$(ceiling_of "$s").sql" ]; then
		jb_die "unknown scenario $s (known: ${ALL_SCENARIOS[*]})"
	fi
done

started=$(date +%s)
bash "$JB_ROOT/scripts/deps.sh"
jb_ensure_user
command -v wrk >/dev/null 2>&1 || jb_die "wrk not found (scripts/deps.sh installs it)"
PGBENCH=$JB_PGBIN/pgbench
[ -x "$PGBENCH" ] || jb_die "$PGBENCH not found (package postgresql-15)"
PSQL=$JB_PGBIN/psql

mkdir -p "$JB_ROOT/build"
jb_build "$JB_ROOT/build/release" -DCMAKE_BUILD_TYPE=Release
MODULE=$JB_ROOT/build/release/jobbro.so
[ -f "$MODULE" ] || jb_die "$MODULE was not built"

OUT=$JB_ROOT/build/bench
rm -rf "$OUT"
mkdir -p "$OUT/pgbench"
RESULTS=$OUT/results.jsonl
: >"$RESULTS"

T=$(jb_scratch_dir jobbro-bench)

kore_pid='' cluster=''
stop_kore() {
	jb_stop_kore "$kore_pid" || kore_stop_failed=1
	kore_pid=''
}
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	stop_kore
	if [ -n "$cluster" ]; then
		jb_cluster_stop "$cluster" 2>/dev/null || true
		cp "$cluster/postgresql.log" "$OUT/" 2>/dev/null || true
	fi
	# Kore writes one JSON line per request: keep only what is not a
	# plain "info" request line.
	if [ -f "$T/kore.log" ]; then
		grep -v '"level":"info"' "$T/kore.log" >"$OUT/kore.log" || true
	fi
	cp "$T/kore.conf" "$OUT/" 2>/dev/null || true
	jb_scratch_remove "$T" "$cluster"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- database -------------------------------------------------------------
cluster=$T/pg
jb_scratch_cluster "$cluster"
bash "$JB_ROOT/scripts/seed.sh" --demo
jb_log "loading bench/data.sql"
PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q -v ON_ERROR_STOP=1 \
    -d "$JOBBRO_MIGRATE_URL" -f "$BENCH_DIR/data.sql" </dev/null >/dev/null ||
	jb_die "bench/data.sql failed"
data_counts=$("$PSQL" -X -qAt -d "$JOBBRO_MIGRATE_URL" -c "SELECT
    (SELECT count(*) FROM jobs WHERE status = 'published') || ' published jobs, '
    || (SELECT count(*) FROM jobs) || ' jobs, '
    || (SELECT count(*) FROM employers) || ' employers in '
    || (SELECT count(DISTINCT municipality_code) FROM employers)
    || ' municipalities, '
    || (SELECT count(*) FROM seekers) || ' seekers, '
    || (SELECT count(*) FROM applications) || ' applications, '
    || (SELECT count(*) FROM placements) || ' placements, '
    || (SELECT count(*) FROM follow_ups) || ' follow-ups'")
jb_log "data: $data_counts"

# --- server ---------------------------------------------------------------
KPORT=$(jb_free_port)
URL=http://127.0.0.1:$KPORT
jb_render_conf "$T/kore.conf" 127.0.0.1 "$KPORT" "$MODULE" "$BENCH_WORKERS" \
    "$T/kore.pid" "$T"
jb_kore_argv "$T/kore.conf"
JOBBRO_JWT_SECRET=$(openssl rand -hex 32)
JOBBRO_ADMIN_EMAIL=admin@bench.jobbro.test
JOBBRO_ADMIN_PASSWORD="bench-$(openssl rand -hex 12)"
export JOBBRO_JWT_SECRET JOBBRO_ADMIN_EMAIL JOBBRO_ADMIN_PASSWORD
export JOBBRO_LOG_LEVEL=${JOBBRO_LOG_LEVEL:-info}
# wrk is one address asking as fast as it can: the limiter counts every
# request (its cost is in the figures) but a budget of a million a second
# never refuses one.
export JOBBRO_RATE_LIMIT=${JOBBRO_RATE_LIMIT:-1000000/1s}
export JOBBRO_RATE_LIMIT_AUTH=${JOBBRO_RATE_LIMIT_AUTH:-1000000/1s}
jb_log "starting Kore (release, $BENCH_WORKERS workers) on $URL"
setsid "${JB_KORE_ARGV[@]}" >"$T/kore.log" 2>&1 </dev/null &
kore_pid=$!
if ! jb_wait_http "$URL/healthz" "$kore_pid" 30; then
	tail -n 40 "$T/kore.log" >&2 || true
	jb_die "Kore did not answer GET /healthz with 200 within 30 s"
fi

# Kore's worker processes: the children of the parent whose title is
# "[wrk N]" (not the keymgr).
kore_workers() {
	local kids pid
	kids=$(cat "/proc/$kore_pid/task/$kore_pid/children" 2>/dev/null ||
	    ps -o pid= --ppid "$kore_pid" 2>/dev/null || true)
	for pid in $kids; do
		if grep -q 'wrk' "/proc/$pid/cmdline" 2>/dev/null; then echo "$pid"; fi
	done
}

# Sum of VmRSS of Kore's worker processes, MiB.
worker_rss() {
	local pid kb total=0
	for pid in $(kore_workers); do
		kb=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
		total=$((total + ${kb:-0}))
	done
	awk -v kb="$total" 'BEGIN { printf "%.1f", kb / 1024 }'
}

# CPU time (user + system, clock ticks) of the given processes.
cpu_ticks() {
	local pid line total=0 f
	for pid in "$@"; do
		line=$(cat "/proc/$pid/stat" 2>/dev/null) || continue
		line=${line##*) }	# after "(comm) ": fields 3.. of stat(5)
		read -r -a f <<<"$line"
		total=$((total + f[11] + f[12]))
	done
	echo "$total"
}
CLK_TCK=$(getconf CLK_TCK 2>/dev/null || echo 100)
PG_PID=$(head -n1 "$cluster/data/postmaster.pid" 2>/dev/null || true)
# The PostgreSQL backends and helpers (children of the postmaster).
pg_procs() {
	[ -n "$PG_PID" ] || return 0
	cat "/proc/$PG_PID/task/$PG_PID/children" 2>/dev/null || true
}
# Number of the postmaster's child processes, exiting ones and zombies
# included.
pg_nprocs() {
	[ -n "$PG_PID" ] || { echo 0; return 0; }
	ps -o pid= --ppid "$PG_PID" 2>/dev/null | wc -l
}
# pg_settle N — wait (at most 5 s) until no more than N children are left
# and the postmaster's cutime holds still for 0.1 s: a backend's CPU time
# reaches it only when it has been reaped, up to ~0.2 s after its client
# disconnected.
pg_settle() {
	local i prev='' now
	for i in $(seq 1 50); do
		now=$(pg_ticks_all)
		if [ "$now" = "$prev" ] && [ "$(pg_nprocs)" -le "$1" ]; then
			return 0
		fi
		prev=$now
		sleep 0.1
	done
}
# CPU time of all of PostgreSQL: its live processes and the ones that
# exited (the postmaster's cutime + cstime: pgbench's backends end with it;
# pg_settle first).
pg_ticks_all() {
	local line f
	[ -n "$PG_PID" ] || { echo 0; return 0; }
	line=$(cat "/proc/$PG_PID/stat" 2>/dev/null) || { echo 0; return 0; }
	line=${line##*) }
	read -r -a f <<<"$line"
	# shellcheck disable=SC2046 # word splitting of the pid list is intended
	echo $(($(cpu_ticks $(pg_procs)) + f[11] + f[12] + f[13] + f[14]))
}
# CPU time of this script's finished children (cutime + cstime of $$):
# grows by wrk's CPU time when a wrk run ends.
children_ticks() {
	local line f
	line=$(cat "/proc/$$/stat")
	line=${line##*) }
	read -r -a f <<<"$line"
	echo $((f[13] + f[14]))
}
# "KORE_TICKS PG_TICKS WRK_TICKS" now.
cpu_snapshot() {
	# shellcheck disable=SC2046 # word splitting of pid lists is intended
	echo "$(cpu_ticks $(kore_workers)) $(cpu_ticks $(pg_procs)) $(children_ticks)"
}
ticks_s() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.2f", t / hz }'; }

# POST /v1/auth/token; prints the access token.
login() {
	curl -fsS --max-time 10 -X POST "$URL/v1/auth/token" \
	    -H 'Content-Type: application/json' \
	    -d "{\"grant_type\":\"password\",\"username\":\"$1\",\"password\":\"$2\"}" |
	    "$JB_PY" -c 'import json, sys; print(json.load(sys.stdin)["access_token"])'
}

# Smoke checks: every scenario's request works once before we time it.
login consultant@demo.jobbro.dk demo-password >/dev/null ||
	jb_die "demo login failed (is sql/seed/demo.sql loaded?)"
login "$BENCH_CONSULTANT" demo-password >/dev/null ||
	jb_die "bench consultant login failed (is bench/data.sql loaded?)"
curl -fsS -o /dev/null --max-time 10 "$URL/v1/jobs/00000000-0000-4000-8000-000000010000" ||
	jb_die "GET of a bench job failed"

# events: 32 positions spread evenly over the first 90 % of the feed (in
# its (txid, id) order), so every page is a full one; the pgbench ceiling
# gets them decoded (-D positions=…), wrk signed as the server signs them
# (src/cursor.c: base64url(keys || HMAC-SHA256(HMAC-SHA256(secret,
# "jobbro cursor v1"), "events_list" NUL keys)[0..16])). The smoke check
# below refuses a codec that drifted (400) or a short page.
EVENT_POSITIONS='[]' EVENT_CURSORS='' EXPORT_ROWS=''
case " ${SCENARIOS[*]} " in
*" events "*)
	EVENT_POSITIONS=$("$PSQL" -X -qAt -d "$JOBBRO_MIGRATE_URL" -c "
	    WITH o AS (SELECT txid, id, row_number() OVER (ORDER BY txid, id) AS rn
	        FROM events), n AS (SELECT count(*) AS n FROM events)
	    SELECT json_agg(json_build_array(o.txid::text, o.id) ORDER BY o.rn)
	    FROM o, n WHERE o.rn IN (SELECT (g * n.n * 0.9 / 32)::bigint + 1
	        FROM generate_series(0, 31) g)")
	EVENT_CURSORS=$("$JB_PY" -c '
import base64, hashlib, hmac, json, os, sys
key = hmac.new(os.environ["JOBBRO_JWT_SECRET"].encode(), b"jobbro cursor v1",
    hashlib.sha256).digest()
for p in json.loads(sys.argv[1]):
    raw = json.dumps(p, separators=(",", ":")).encode()
    mac = hmac.new(key, b"events_list\0" + raw, hashlib.sha256).digest()[:16]
    print(base64.urlsafe_b64encode(raw + mac).decode().rstrip("="))
' "$EVENT_POSITIONS") || jb_die "cannot make the events cursors"
	npos=$(wc -w <<<"$EVENT_CURSORS")
	[ "$npos" -ge 8 ] || jb_die "events: only $npos positions (is the feed empty?)"
	token=$(login "$BENCH_CONSULTANT" demo-password) ||
		jb_die "bench consultant login failed"
	for c in $EVENT_CURSORS; do
		n=$(curl -fsS --max-time 30 -H "Authorization: Bearer $token" \
		    "$URL/v1/events?limit=100&after=$c" |
		    "$JB_PY" -c 'import json, sys; b = json.load(sys.stdin); print(len(b if isinstance(b, list) else b["data"]))') ||
			jb_die "events: GET /v1/events with a bench cursor failed"
		[ "$n" = 100 ] || jb_die "events: a page from a bench cursor has $n events, not 100"
	done
	jb_log "events: $(echo "$EVENT_POSITIONS" | "$JB_PY" -c 'import json, sys; print(len(json.load(sys.stdin)))') positions, $("$PSQL" -X -qAt -d "$JOBBRO_MIGRATE_URL" -c "SELECT count(*) FROM events") events in the feed, every page full"
	;;
esac
export BENCH_EVENT_CURSORS=$EVENT_CURSORS
# export_csv: the rows of each of the seven exports (bench/export_csv.lua).
case " ${SCENARIOS[*]} " in
*" export_csv "*)
	rows=()
	for m in 0265 0370 0561 0615 0630 0657 0791; do
		n=$(curl -fsS --max-time 60 -H 'Accept: text/csv' \
		    "$URL/v1/jobs?status=published&municipality_code=$m" |
		    "$JB_PY" -c 'import csv, sys; print(sum(1 for _ in csv.reader(sys.stdin)))') ||
			jb_die "export_csv: GET /v1/jobs as text/csv failed"
		[ "$n" -gt 1 ] || jb_die "export_csv: the export of $m is empty"
		rows+=($((n - 1)))
	done
	EXPORT_ROWS=$(printf '%s\n' "${rows[@]}" | awk '{ s += $1 } END { printf "%.0f", s / NR }')
	jb_log "export_csv: rows per export ${rows[*]} (mean $EXPORT_ROWS, pages of 500)"
	;;
esac

# *_304: the paths of the scenario and their current ETags (a smoke check
# that If-None-Match with them is 304).
etags_of() {	# etags_of FILE PATH...
	local f=$1 p etag
	shift
	: >"$f"
	for p in "$@"; do
		etag=$(curl -fsS --max-time 30 -o /dev/null -D - "$URL$p" |
		    sed -nE 's/^[Ee][Tt][Aa][Gg]: *(.*)\r$/\1/p')
		[ -n "$etag" ] || jb_die "no ETag on GET $p"
		[ "$(curl -sS -o /dev/null -w '%{http_code}' -H "If-None-Match: $etag" "$URL$p")" = 304 ] ||
			jb_die "GET $p with If-None-Match: $etag is not 304"
		printf '%s\t%s\n' "$p" "$etag" >>"$f"
	done
}
case " ${SCENARIOS[*]} " in
*" get_job_304 "*)
	mapfile -t paths < <(seq 1 200 | awk '{ printf "/v1/jobs/00000000-0000-4000-8000-%012d\n", $1 * 50 }')
	etags_of "$OUT/etags-get_job_304.txt" "${paths[@]}"
	;;
esac
case " ${SCENARIOS[*]} " in
*" list_jobs_304 "*)
	paths=()
	for m in 0101 0751 0461 0851 0147; do
		for t in '' '&job_type=skaanejob' '&job_type=fleksjob' '&job_type=ordinary'; do
			paths+=("/v1/jobs?status=published&municipality_code=$m&max_weekly_hours=20&limit=20$t")
		done
	done
	etags_of "$OUT/etags-list_jobs_304.txt" "${paths[@]}"
	;;
esac
case " ${SCENARIOS[*]} " in
*" feed_304 "*)
	etags_of "$OUT/etags-feed_304.txt" /v1/feeds/jobs.jsonld?limit=50 \
	    /v1/feeds/jobs.jsonld?limit=20 /v1/feeds/jobs.jsonld?limit=100
	;;
esac

nworkers=$(kore_workers | wc -l)
[ "$nworkers" = "$BENCH_WORKERS" ] ||
	jb_log "warning: found $nworkers Kore worker processes, expected $BENCH_WORKERS"
rss_start=$(worker_rss)
rss_line="start $rss_start"
jb_log "worker RSS at start: $rss_start MiB ($nworkers workers)"

# --- wrk ------------------------------------------------------------------
export BENCH_DIR
failed_runs=()

# --- plain ceilings: smoke check ------------------------------------------
# bench/pgbench/plain/<scenario>.sql: the simplest statement that returns
# the same page (bench/README.md, "Plain ceilings"). Before any timing,
# for 3 fixed inputs (each \set variable at its low end, its high end and
# its middle), the body of the api statement and of the plain one must be
# equal as jsonb, in one transaction that is rolled back (the audit rows
# of the seekers' api functions). A mismatch or an error is a failed run.
PLAIN_DIR=$BENCH_DIR/pgbench/plain
plain_check() {	# plain_check SCENARIO
	local s=$1 log=$OUT/pgbench/plain-check-$1.txt
	if ! "$JB_PY" - "$BENCH_DIR/pgbench/$s.sql" "$PLAIN_DIR/$s.sql" \
	    "$PSQL" "$JOBBRO_MIGRATE_URL" >"$log" 2>&1 <<'PY'; then
import re, subprocess, sys

api_file, plain_file, psql, url = sys.argv[1:5]

def parse(path):
    sets, sql = {}, []
    for line in open(path, encoding="utf-8"):
        m = re.match(r"\\set (\w+) random\((-?\d+), (-?\d+)\)\s*$", line)
        if m:
            sets[m[1]] = (int(m[2]), int(m[3]))
        elif line.startswith("\\"):
            sys.exit(f"{path}: cannot check a meta-command: {line.strip()}")
        elif not line.startswith("--"):
            sql.append(line)
    return sets, "".join(sql).strip().rstrip(";")

api_sets, api_sql = parse(api_file)
plain_sets, plain_sql = parse(plain_file)
if api_sets != plain_sets:
    sys.exit(f"\\set lines differ: api {api_sets}, plain {plain_sets}")
bad = 0
for k in range(3):
    vals = {v: (lo, hi, (lo + hi) // 2)[k] for v, (lo, hi) in api_sets.items()}
    def bind(sql):
        return re.sub(r"(?<!:):(\w+)", lambda m: str(vals[m[1]]), sql)
    q = ("BEGIN;\nSELECT a.body::jsonb = p.body::jsonb,"
         " CASE WHEN json_typeof(a.body) = 'array'"
         " THEN json_array_length(a.body) END, a.body, p.body\n"
         f"FROM ({bind(api_sql)}) a FULL JOIN ({bind(plain_sql)}) p ON true;\n"
         "ROLLBACK;\n")
    r = subprocess.run([psql, "-X", "-qAt", "-F", "\t", "-v", "ON_ERROR_STOP=1",
        "-d", url], input=q, capture_output=True, text=True)
    out = r.stdout.strip().split("\t")
    if r.returncode != 0 or len(out) != 4 or out[0] != "t":
        bad += 1
        print(f"input {vals}: DIFFERS (psql exit {r.returncode})\n{r.stderr}"
              f"api:   {out[2] if len(out) == 4 else r.stdout}\n"
              f"plain: {out[3] if len(out) == 4 else ''}")
    else:
        print(f"input {vals}: same body"
              + (f" ({out[1]} items)" if out[1] else ""))
sys.exit(1 if bad else 0)
PY
		jb_log "plain $s: its body differs from the api statement's ($log):"
		head -c 2000 "$log" >&2
		failed_runs+=("plain $s (body differs from the api, $log)")
		return 0
	fi
	jb_log "plain $s: same body as the api for 3 inputs ($(grep -o '([0-9]* items)' "$log" | tr '\n' ' '))"
}
plain_scenarios=()
for s in "${SCENARIOS[@]}"; do
	s=$(ceiling_of "$s")
	[ -f "$PLAIN_DIR/$s.sql" ] || continue
	case " ${plain_scenarios[*]} " in *" $s "*) continue ;; esac
	plain_scenarios+=("$s")
	plain_check "$s"
done

run_wrk() {	# run_wrk SCENARIO
	local s=$1 conns=$BENCH_CONNECTIONS line
	case $s in
	token) conns=$TOKEN_CONNECTIONS ;;
	stats | stats_overview | stats_outcomes | stats_fidelity) conns=$STATS_CONNECTIONS ;;
	esac
	export BENCH_SCENARIO=$s BENCH_TOKEN='' BENCH_ETAGS=$OUT/etags-$s.txt
	case $s in
	create_employer)
		BENCH_TOKEN=$(login "$JOBBRO_ADMIN_EMAIL" "$JOBBRO_ADMIN_PASSWORD") ||
			jb_die "admin login failed"
		;;
	get_seeker | list_seekers | create_application | matches | \
	    matches_noloc | stats | stats_overview | stats_outcomes | \
	    stats_fidelity | events | get_job_token | list_jobs_token)
		BENCH_TOKEN=$(login "$BENCH_CONSULTANT" demo-password) ||
			jb_die "bench consultant login failed"
		;;
	esac
	jb_log "wrk $s: ${BENCH_WARMUP}s warm-up + ${BENCH_SECONDS}s, $conns connections"
	# Warm-up and measured run use disjoint number ranges (create_employer:
	# CVRs, create_application: seeker and job pairs).
	BENCH_CVR_BASE=3600000 timeout $((BENCH_WARMUP + 30)) \
	    wrk -t "$BENCH_THREADS" -c "$conns" -d "${BENCH_WARMUP}s" \
	    -s "$BENCH_DIR/$s.lua" "$URL" >"$OUT/wrk-$s-warmup.txt" 2>&1 || true
	local rss_warm cpu0 cpu1 k0 p0 w0 k1 p1 w1
	rss_warm=$(worker_rss)
	cpu0=$(cpu_snapshot)
	if ! BENCH_CVR_BASE=5600000 timeout $((BENCH_SECONDS + 30)) \
	    wrk -t "$BENCH_THREADS" -c "$conns" -d "${BENCH_SECONDS}s" \
	    -s "$BENCH_DIR/$s.lua" "$URL" >"$OUT/wrk-$s.txt" 2>&1; then
		jb_log "wrk $s failed:"
		cat "$OUT/wrk-$s.txt" >&2
		failed_runs+=("wrk $s")
		return 0
	fi
	cpu1=$(cpu_snapshot)
	read -r k0 p0 w0 <<<"$cpu0"
	read -r k1 p1 w1 <<<"$cpu1"
	line=$(grep -m1 '^{"scenario"' "$OUT/wrk-$s.txt" || true)
	if [ -z "$line" ]; then
		jb_log "wrk $s printed no result line:"
		cat "$OUT/wrk-$s.txt" >&2
		failed_runs+=("wrk $s")
		return 0
	fi
	# CPU seconds of the Kore workers, of PostgreSQL and of wrk itself
	# during the measured run; worker RSS after the warm-up and after it.
	printf '{"kind":"wrk","kore_cpu_s":%s,"pg_cpu_s":%s,"wrk_cpu_s":%s,"rss_warm_mib":%s,"rss_after_mib":%s,%s\n' \
	    "$(ticks_s $((k1 - k0)))" "$(ticks_s $((p1 - p0)))" \
	    "$(ticks_s $((w1 - w0)))" "$rss_warm" "$(worker_rss)" \
	    "${line#\{}" >>"$RESULTS"
	jb_log "  $line"
}

for s in "${SCENARIOS[@]}"; do
	run_wrk "$s"
	rss=$(worker_rss)
	rss_line="$rss_line, after $s $rss"
	kill -0 "$kore_pid" 2>/dev/null || jb_die "Kore died during $s (build/bench/kore.log)"
done
rss_end=$(worker_rss)
jb_log "worker RSS: $rss_line MiB"

# --- pgbench ceilings -----------------------------------------------------
# Over the unix socket, as the database owner (JOBBRO_MIGRATE_URL).
# NAME (default SCENARIO) is the scenario in results.jsonl; pg_cpu_us is
# the CPU time of all of PostgreSQL per transaction during the run.
# SCENARIO names the file, bench/pgbench/SCENARIO.sql (plain/<scenario>
# for a plain ceiling; "-- bench: force_custom_plan" in it: custom plans).
run_pgbench() {	# run_pgbench SCENARIO MODE CLIENTS [NAME]
	local s=$1 mode=$2 c=$3 name=${4:-$1} log tps failed n t0 t1 us np
	log=$OUT/pgbench/$name-$mode-$c.txt
	np=$(pg_nprocs)
	t0=$(pg_ticks_all)
	local defs=() pgopts=${PGOPTIONS:-}
	if [ "$s" = events ]; then defs=(-D "positions=$EVENT_POSITIONS"); fi
	# A file with the line "-- bench: force_custom_plan" is planned for
	# its parameters on every execution, as the api list functions are
	# (SET plan_cache_mode = force_custom_plan).
	if grep -q '^-- bench: force_custom_plan$' "$BENCH_DIR/pgbench/$s.sql"; then
		pgopts="$pgopts -c plan_cache_mode=force_custom_plan"
	fi
	if ! PGOPTIONS=$pgopts timeout $((BENCH_PG_SECONDS + 60)) "$PGBENCH" -n -M "$mode" \
	    -c "$c" -j "$BENCH_THREADS" -T "$BENCH_PG_SECONDS" "${defs[@]}" \
	    -f "$BENCH_DIR/pgbench/$s.sql" "$JOBBRO_MIGRATE_URL" >"$log" 2>&1; then
		jb_log "pgbench $name -M $mode -c $c failed:"
		tail -n 20 "$log" >&2
		failed_runs+=("pgbench $name $mode $c")
		return 0
	fi
	pg_settle "$np"
	t1=$(pg_ticks_all)
	tps=$(sed -nE 's/^tps = ([0-9.]+) .*/\1/p' "$log" | head -n1)
	failed=$(sed -nE 's/^number of failed transactions: ([0-9]+).*/\1/p' "$log" | head -n1)
	n=$(sed -nE 's/^number of transactions actually processed: ([0-9]+).*/\1/p' "$log" | head -n1)
	if [ -z "$tps" ]; then
		failed_runs+=("pgbench $name $mode $c (no tps)")
		return 0
	fi
	us=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v n="${n:-0}" \
	    'BEGIN { if (n > 0) printf "%.1f", t / hz * 1e6 / n; else print "null" }')
	printf '{"kind":"pgbench","scenario":"%s","mode":"%s","clients":%s,"tps":%s,"failed":%s,"pg_cpu_us":%s}\n' \
	    "$name" "$mode" "$c" "$tps" "${failed:-0}" "$us" >>"$RESULTS"
	jb_log "  pgbench $name -M $mode -c $c: $tps tps, PostgreSQL CPU $us µs/transaction"
}

# audit_writes off|on — switch the INSERTs into audit_events off (a rule
# makes them do nothing: the same statements, plans and triggers, minus
# the write itself) or back on. Only for the <scenario>_noaudit ceilings.
audit_writes() {
	local sql="DROP RULE IF EXISTS bench_audit_off ON audit_events"
	if [ "$1" = off ]; then
		sql="CREATE RULE bench_audit_off AS ON INSERT TO audit_events DO INSTEAD NOTHING"
	fi
	PGOPTIONS="-c client_min_messages=warning" "$PSQL" -X -q \
	    -v ON_ERROR_STOP=1 -d "$JOBBRO_MIGRATE_URL" -c "$sql"
}
audit_last_id() {
	"$PSQL" -X -qAt -d "$JOBBRO_MIGRATE_URL" \
	    -c "SELECT coalesce(max(id), 0) FROM audit_events"
}

ceilings=()
for s in "${SCENARIOS[@]}"; do
	case " ${ceilings[*]} " in *" $(ceiling_of "$s") "*) ;;
	*) ceilings+=("$(ceiling_of "$s")") ;; esac
done
for s in "${ceilings[@]}"; do
	jb_log "pgbench $s: -M extended|prepared x clients ${PG_CLIENTS[*]}, ${BENCH_PG_SECONDS}s each"
	for mode in extended prepared; do
		for c in "${PG_CLIENTS[@]}"; do
			run_pgbench "$s" "$mode" "$c"
		done
	done
	case " ${AUDITED_READS[*]} " in *" $s "*) ;; *) continue ;; esac
	jb_log "pgbench ${s}_noaudit: the same without the audit writes, -M prepared x clients ${PG_CLIENTS[*]}"
	before=$(audit_last_id)
	audit_writes off || jb_die "cannot switch the audit writes off"
	for c in "${PG_CLIENTS[@]}"; do
		run_pgbench "$s" prepared "$c" "${s}_noaudit"
	done
	audit_writes on || jb_die "cannot switch the audit writes back on"
	if [ "$(audit_last_id)" != "$before" ]; then
		failed_runs+=("pgbench ${s}_noaudit (audit rows were written)")
	fi
done
# The plain ceilings (bench/pgbench/plain/, checked above): -M prepared,
# as <scenario>_plain.
for s in "${plain_scenarios[@]}"; do
	jb_log "pgbench ${s}_plain: the plain statement, -M prepared x clients ${PG_CLIENTS[*]}"
	for c in "${PG_CLIENTS[@]}"; do
		run_pgbench "plain/$s" prepared "$c" "${s}_plain"
	done
done

# --- report ---------------------------------------------------------------
stop_kore
kore_bad=$(grep -v '^{' "$T/kore.log" | grep -E "$JB_KORE_BAD" | head -n 20 || true)
kore_errors=$(grep -c '"level":"error"' "$T/kore.log" || true)

model=$(sed -nE 's/^model name[[:space:]]*: //p' /proc/cpuinfo | head -n1)
commit=$(git -C "$JB_ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$JB_ROOT" status --porcelain 2>/dev/null)" ]; then
	commit="$commit (with uncommitted changes)"
fi
elapsed=$(($(date +%s) - started))

failed_text=''
if [ ${#failed_runs[@]} -gt 0 ]; then failed_text=$(printf '%s; ' "${failed_runs[@]}"); fi
export BENCH_REPORT_DATE BENCH_REPORT_MACHINE BENCH_REPORT_COMMIT \
    BENCH_REPORT_SETTINGS BENCH_REPORT_DATA BENCH_REPORT_RSS \
    BENCH_REPORT_RSS_START BENCH_REPORT_RSS_END BENCH_REPORT_KORE \
    BENCH_REPORT_FAILED BENCH_REPORT_ELAPSED BENCH_REPORT_EXPORT_ROWS
BENCH_REPORT_DATE=$(date -u '+%Y-%m-%d %H:%M UTC')
BENCH_REPORT_MACHINE="$(jb_ncpu) CPUs ($(nproc --all 2>/dev/null || echo '?') online), ${model:-unknown CPU}, load average $(cut -d' ' -f1-3 /proc/loadavg)"
BENCH_REPORT_COMMIT=$commit
BENCH_REPORT_SETTINGS="wrk ${BENCH_WARMUP}s warm-up + ${BENCH_SECONDS}s, $BENCH_THREADS threads, $BENCH_CONNECTIONS connections (token $TOKEN_CONNECTIONS, stats $STATS_CONNECTIONS); Kore release module, $BENCH_WORKERS workers, JOBBRO_DB_CONNS=${JOBBRO_DB_CONNS:-4 (default)}, JOBBRO_DB_PREPARE=${JOBBRO_DB_PREPARE:-1 (default)}; pgbench -j $BENCH_THREADS, clients ${PG_CLIENTS[*]}, ${BENCH_PG_SECONDS}s each, best of each mode; PostgreSQL 15 throwaway cluster with fsync=off, synchronous_commit=off, full_page_writes=off, unix socket"
BENCH_REPORT_DATA=$data_counts
BENCH_REPORT_RSS=$rss_line
BENCH_REPORT_RSS_START=$rss_start
BENCH_REPORT_RSS_END=$rss_end
BENCH_REPORT_KORE="$kore_errors request(s) logged at level error${kore_bad:+; Kore log problems: $kore_bad}"
BENCH_REPORT_FAILED=$failed_text
BENCH_REPORT_ELAPSED=$elapsed
BENCH_REPORT_EXPORT_ROWS=$EXPORT_ROWS

report_rc=0
"$JB_PY" - "$RESULTS" "$OUT/report.md" "${SCENARIOS[@]}" <<'EOF' || report_rc=$?
import json, os, sys

results, out, scenarios = sys.argv[1], sys.argv[2], sys.argv[3:]
wrk, ceil, cpu = {}, {}, {}
with open(results, encoding="utf-8") as f:
    for line in f:
        r = json.loads(line)
        if r["kind"] == "wrk":
            wrk[r["scenario"]] = r
        elif r["failed"] == 0:
            key = (r["scenario"], r["mode"])
            if r["tps"] > ceil.get(key, (0, 0))[0]:
                ceil[key] = (r["tps"], r["clients"])
            # the least PostgreSQL CPU per transaction over the client
            # counts (more clients add contention, not work)
            us = r.get("pg_cpu_us")
            if us is not None and us < cpu.get(key, float("inf")):
                cpu[key] = us

READS = {"get_job", "get_job_304", "list_jobs", "list_jobs_304",
         "feed", "feed_304", "search_jobs", "get_seeker", "list_seekers", "matches",
         "matches_noloc", "stats", "stats_overview", "stats_outcomes",
         "stats_fidelity"}
# Audit rows a request of the scenario writes (the _noaudit ceilings).
AUDIT_ROWS = {"get_seeker": 1, "list_seekers": 20}
def num(v, fmt):
    return "n/a" if v is None else format(v, fmt)

rows, notes, errors = [], [], 0
for s in scenarios:
    w = wrk.get(s)
    base = s[:-4] if s.endswith("_304") else s
    ext = ceil.get((base, "extended"))
    pre = ceil.get((base, "prepared"))
    rps = w["rps"] if w else None
    if w:
        errors += w["errors"]
    rp = rps / pre[0] if rps is not None and pre else None
    re = rps / ext[0] if rps is not None and ext else None
    rp_text, re_text = num(rp, ".2f"), num(re, ".2f")
    if s == "token":
        rp_text += " (CPU-bound by design: Argon2id not in the ceiling)"
    elif s == "export_csv":
        rp_text += " (per export; the ceiling is per page)"
    elif s in READS and rp is not None and rp < 0.8:
        rp_text += " (below 0.8)"
    err = "n/a"
    if w:
        err = str(w["errors"])
        if w["errors"]:
            err += f" ({w['socket_errors']} socket, {w['non2xx']} non-2xx)"
    pl = ceil.get((base + "_plain", "prepared"))
    rows.append([s, num(rps, ".0f"),
                 num(w and w["p50_ms"], ".2f"), num(w and w["p99_ms"], ".2f"),
                 err,
                 f"{ext[0]:.0f} @{ext[1]}" if ext else "n/a",
                 f"{pre[0]:.0f} @{pre[1]}" if pre else "n/a",
                 rp_text, re_text,
                 f"{pl[0]:.0f} @{pl[1]}" if pl else "n/a",
                 num(rps / pl[0] if rps is not None and pl else None,
                     ".2f")])

head = ["scenario", "req/s", "p50 ms", "p99 ms", "errors",
        "ceiling extended tps", "ceiling prepared tps",
        "ratio (req/s ÷ prepared ceiling)", "ratio (÷ extended)",
        "plain prepared tps", "ratio (req/s ÷ plain)"]
table = ["| " + " | ".join(head) + " |",
         "|" + "|".join("---" for _ in head) + "|"]
table += ["| " + " | ".join(r) + " |" for r in rows]

# Where the time goes: CPU per request of the Kore workers (incl. their
# task threads), of all PostgreSQL processes and of wrk during the
# measured run (all on the same machine).
diag = ["| scenario | Kore CPU µs/req | PostgreSQL CPU µs/req"
        " | wrk CPU µs/req | bytes/response | worker RSS MiB after warm-up"
        " → after run |",
        "|---|---|---|---|---|---|"]
for s in scenarios:
    w = wrk.get(s)
    if not w or not w["requests"]:
        continue
    n = w["requests"]
    diag.append(f"| {s} | {w['kore_cpu_s'] * 1e6 / n:.0f}"
                f" | {w['pg_cpu_s'] * 1e6 / n:.0f}"
                f" | {w['wrk_cpu_s'] * 1e6 / n:.0f}"
                f" | {w.get('bytes', 0) / n:.0f}"
                f" | {w['rss_warm_mib']:.1f} → {w['rss_after_mib']:.1f} |")

# What the audit writes cost: the prepared ceiling of the same statement
# with and without its INSERTs into audit_events, and the least CPU per
# transaction of PostgreSQL over the client counts of each.
audit = []
for s in scenarios:
    on, off = ceil.get((s, "prepared")), ceil.get((s + "_noaudit", "prepared"))
    if s not in AUDIT_ROWS or not on or not off:
        continue
    cpu_on = cpu.get((s, "prepared"))
    cpu_off = cpu.get((s + "_noaudit", "prepared"))
    delta = (cpu_on - cpu_off if cpu_on is not None and cpu_off is not None
             else None)
    audit.append(f"| {s} | {AUDIT_ROWS[s]} | {on[0]:.0f} @{on[1]}"
                 f" | {off[0]:.0f} @{off[1]}"
                 f" | {(on[0] / off[0] - 1) * 100:+.0f}%"
                 f" | {num(cpu_on, '.0f')} → {num(cpu_off, '.0f')}"
                 f" | {num(delta, '+.0f')} |")
if audit:
    audit = ["| scenario | audit rows per request | prepared ceiling tps"
             " with audit | without | change | PostgreSQL CPU µs/txn"
             " with → without | audit write µs/request |",
             "|---|---|---|---|---|---|---|", *audit, "",
             "Without: the same statement while a rule turns every INSERT"
             " into audit_events into nothing (bench/README.md, \"Audit"
             " cost\"). CPU: of all PostgreSQL processes per transaction,"
             " the least over the client counts; the last column, the"
             " difference, is the database CPU the audit rows cost a"
             " request.", ""]

# Plain ceilings: the least PostgreSQL CPU per transaction (over the
# client counts) of the api statement, -M prepared, and of the plain one
# (bench/pgbench/plain/: the same page from the simplest statement); the
# target (issue 12) is at most 1.1x on list and search pages.
plain, seen = [], set()
for s in scenarios:
    base = s[:-4] if s.endswith("_304") else s
    if base in seen or (base + "_plain", "prepared") not in ceil:
        continue
    seen.add(base)
    c_api = cpu.get((base, "prepared"))
    c_plain = cpu.get((base + "_plain", "prepared"))
    c_noaudit = cpu.get((base + "_noaudit", "prepared"))
    ratio = (c_api / c_plain if c_api is not None and c_plain else None)
    r_text = num(ratio, ".2f")
    if ratio is not None and base in ("list_jobs", "search_jobs", "feed",
                                      "list_seekers") and ratio > 1.1:
        r_text += " (above 1.1)"
    plain.append(f"| {base} | {num(c_api, '.0f')} | {num(c_noaudit, '.0f')}"
                 f" | {num(c_plain, '.0f')} | {r_text}"
                 f" | {num(c_noaudit / c_plain if c_noaudit is not None and c_plain else None, '.2f')} |")
if plain:
    plain = ["| scenario | api PostgreSQL CPU µs/txn | api without audit"
             " | plain | ratio (api ÷ plain) | ratio without audit |",
             "|---|---|---|---|---|---|", *plain, "",
             "Plain: the simplest statement that returns the same page body"
             " (bench/pgbench/plain/, checked equal as jsonb for 3 inputs"
             " before the runs; no page tag, no cursor, no audit writes),"
             " -M prepared. CPU: of all PostgreSQL processes per"
             " transaction, the least over the client counts. Target: at"
             " most 1.1x on list and search pages.", ""]

env = os.environ
# export_csv: one request is a whole export of ~rows rows, ceil(rows /
# 500) api.jobs_list calls; its ceiling is one such call (the first page).
export = []
xrows = float(env.get("BENCH_REPORT_EXPORT_ROWS") or 0)
if "export_csv" in scenarios and xrows > 0:
    w, pre = wrk.get("export_csv"), ceil.get(("export_csv", "prepared"))
    pages = -(-xrows // 500)
    rps = w["rps"] if w else None
    export = [f"export_csv: {xrows:.0f} rows per export (mean), {pages:.0f}"
              f" page(s) of 500; {num(rps and rps * xrows, '.0f')} rows/s,"
              f" {num(rps and rps * pages, '.0f')} pages/s against a"
              f" prepared ceiling of {num(pre and pre[0], '.0f')} pages/s"
              f" (ratio {num(rps and pre and rps * pages / pre[0], '.2f')};"
              " pages counted as ceil(mean rows / 500), the last one"
              " partial).", ""]
rss_start = float(env["BENCH_REPORT_RSS_START"] or 0)
rss_end = float(env["BENCH_REPORT_RSS_END"] or 0)
lines = [
    "# Jobbro bench",
    "",
    f"- date: {env['BENCH_REPORT_DATE']}",
    f"- machine: {env['BENCH_REPORT_MACHINE']}",
    f"- commit: {env['BENCH_REPORT_COMMIT']}",
    f"- settings: {env['BENCH_REPORT_SETTINGS']}",
    f"- data: {env['BENCH_REPORT_DATA']}",
    "",
    *table,
    "",
    "Ceilings: pgbench with the statement the server runs for the scenario"
    " (bench/pgbench/), best tps over the client counts (@clients). The"
    " server prepares its statements, so the prepared ceiling is the fair"
    " one; DESIGN §9 asks for >= 0.8 of it on reads (get_job, list_jobs,"
    " search_jobs, get_seeker, list_seekers, matches, stats) and no"
    " errors. A *_304 scenario asks the same with If-None-Match naming"
    " the current ETag (every answer 304, no body); its ceiling is the"
    " one of the same scenario without _304: the database runs the same"
    " statement.",
    "",
    *export,
    *plain,
    *audit,
    *diag,
    "",
    f"Worker RSS (sum of the Kore worker processes, MiB): {env['BENCH_REPORT_RSS']}"
    f" — change {rss_end - rss_start:+.1f} MiB.",
    "",
    f"Server: {env['BENCH_REPORT_KORE']}.",
]
if env.get("BENCH_REPORT_FAILED"):
    lines += ["", f"FAILED runs: {env['BENCH_REPORT_FAILED']}"]
lines += ["", f"Total time: {int(env['BENCH_REPORT_ELAPSED'])} s."]
text = "\n".join(lines) + "\n"
with open(out, "w", encoding="utf-8") as f:
    f.write(text)
print()
print(text, end="")
sys.exit(1 if errors else 0)
EOF
echo "report: build/bench/report.md"

if [ ${#failed_runs[@]} -gt 0 ]; then
	jb_log "some runs failed: $failed_text"
	exit 1
fi
if [ "$report_rc" != 0 ] && [ "${BENCH_ALLOW_ERRORS:-0}" != 1 ]; then
	jb_log "errors during the wrk runs (see the table; BENCH_ALLOW_ERRORS=1 to accept)"
	exit 1
fi
exit 0
