# shellcheck shell=bash
# scripts/lib.sh — helpers sourced by the other scripts (not run directly).
#
# Who owns what:
#   as root   PostgreSQL refuses to run as root, and the checkout may sit in
#             a 0700 home. So an unprivileged system user `jobbro` owns the
#             cluster and runs Kore's workers (`runas jobbro`); the cluster
#             lives in var/ when jobbro can reach it, else in
#             /var/lib/jobbro/<hash of the checkout path>/.
#   otherwise the cluster lives in var/ and belongs to the calling user; Kore
#             runs with -r (no privilege drop).
# DATABASE_URL set by the caller: no embedded cluster at all.

set -euo pipefail

JB_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
JB_PGBIN=${JOBBRO_PGBIN:-/usr/lib/postgresql/15/bin}
JB_PY=/usr/bin/python3
JB_SYSUSER=jobbro
JB_DBNAME=jobbro
JB_DBUSER=jobbro		# the embedded cluster's superuser (scripts only)
JB_OWNER_ROLE=jobbro_owner	# owns the database; migrations, seeds
JB_APP_ROLE=jobbro_app		# the server's role (scripts/db-roles.sql)

jb_log() { printf 'jobbro: %s\n' "$*" >&2; }
jb_die() {
	printf 'jobbro: error: %s\n' "$*" >&2
	exit 1
}

jb_is_root() { [ "$(id -u)" = 0 ]; }

# Run a command as root: directly when we are root, else through sudo -n.
jb_sudo() {
	if jb_is_root; then
		"$@"
	elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
		sudo -n "$@"
	else
		jb_die "need root for: $* — run as root, or give $(id -un) password-less sudo (sudo -n)"
	fi
}

# The OS user that owns the cluster and runs Kore's workers.
jb_owner() {
	if jb_is_root; then echo "$JB_SYSUSER"; else id -un; fi
}

# As root: create the unprivileged system user once.
jb_ensure_user() {
	jb_is_root || return 0
	if ! getent passwd "$JB_SYSUSER" >/dev/null; then
		jb_log "creating system user $JB_SYSUSER"
		useradd --system --user-group --home-dir /var/lib/jobbro \
		    --no-create-home --shell /usr/sbin/nologin "$JB_SYSUSER"
	fi
	if [ ! -d /var/lib/jobbro ]; then
		mkdir -p /var/lib/jobbro
		chown "$JB_SYSUSER:$JB_SYSUSER" /var/lib/jobbro
	fi
	chmod 0755 /var/lib/jobbro
}

# Run a command as the cluster owner (cwd: / when switching user, so that an
# unreachable working directory does not matter).
jb_as_owner() {
	if jb_is_root; then
		(cd / && runuser -u "$JB_SYSUSER" -- "$@")
	else
		"$@"
	fi
}

# Can the cluster owner reach (search) this directory?
jb_owner_can_reach() {
	if jb_is_root; then
		runuser -u "$JB_SYSUSER" -- test -x "$1" 2>/dev/null
	else
		test -x "$1"
	fi
}

# A short stable id of the checkout path.
jb_checkout_id() {
	printf '%s' "$JB_ROOT" | sha256sum | cut -c1-12
}

# The persistent state directory of `make run` (cluster, secrets, conf).
# JOBBRO_VAR_DIR overrides.
jb_var_dir() {
	if [ -n "${JOBBRO_VAR_DIR:-}" ]; then
		echo "$JOBBRO_VAR_DIR"
		return
	fi
	if jb_is_root && ! jb_owner_can_reach "$JB_ROOT"; then
		echo "/var/lib/jobbro/$(jb_checkout_id)"
	else
		echo "$JB_ROOT/var"
	fi
}

# A directory (created 0755) the cluster owner can reach.
jb_mkdir_reachable() {
	mkdir -p "$1"
	chmod 0755 "$1"
	jb_owner_can_reach "$1" || jb_die "$(jb_owner) cannot reach $1"
}

# A free TCP port on 127.0.0.1 (the kernel picks it).
jb_free_port() {
	"$JB_PY" - <<'EOF'
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])
s.close()
EOF
}

jb_urlencode() {
	"$JB_PY" -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe="/"))' "$1"
}

jb_ncpu() { nproc 2>/dev/null || echo 2; }

# ---------------------------------------------------------------------------
# The embedded cluster. Layout of a cluster directory C (0700, like
# everything in it, owned by the cluster owner jb_owner):
#   C/data            PGDATA
#   C/sock/           unix socket directory (no TCP: listen_addresses='')
#   C/log/            the server's logs (logging collector: rotated by size
#                     and age, files 0600, deleted after 30 days)
#   C/postgresql.log  what the server says before its collector runs
#   C/port            the port number (names the socket only)
# Connections: the socket only, peer authentication through map `jobbro`
# (pg_ident.conf): the cluster owner and root may connect as the bootstrap
# superuser jobbro (scripts only), jobbro_owner (migrations, seeds) and
# jobbro_app (the server); scripts/db-roles.sql makes the last two.
# Additions of one deployment that survive restarts (scripts/docker-test.sh):
# data/jobbro.local.conf (read last) and data/pg_hba.local.conf (first).
# ---------------------------------------------------------------------------

# Socket directories are limited by sun_path (107 bytes with the name).
jb_cluster_sockdir() {
	local c=$1 s
	s="$c/sock"
	if [ "${#s}" -gt 80 ]; then
		s="/tmp/jobbro-sock-$(printf '%s' "$c" | sha256sum | cut -c1-12)"
	fi
	echo "$s"
}

# jb_private_dir DIR — create DIR 0700, owned by the cluster owner.
jb_private_dir() {
	mkdir -p "$1"
	chmod 0700 "$1"
	if jb_is_root; then chown "$(jb_owner):" "$1"; fi
}

# The directories of cluster C, and its early log, private (again: clusters
# of earlier releases had them world-readable).
jb_cluster_dirs() {
	local c=$1
	jb_private_dir "$c"
	jb_private_dir "$(jb_cluster_sockdir "$c")"
	jb_private_dir "$c/log"
	touch "$c/postgresql.log"
	chmod 0600 "$c/postgresql.log"
	if jb_is_root; then chown "$(jb_owner):" "$c/postgresql.log"; fi
}

# jb_cluster_init DIR PORT [fast] — initdb once (idempotent).
jb_cluster_init() {
	local c=$1 port=$2 fast=${3:-}
	[ -x "$JB_PGBIN/initdb" ] || jb_die "PostgreSQL 15 not found in $JB_PGBIN (run scripts/deps.sh)"
	jb_cluster_dirs "$c"
	echo "$port" >"$c/port.tmp" && mv "$c/port.tmp" "$c/port"
	if [ -f "$c/data/PG_VERSION" ]; then
		return 0
	fi
	jb_log "creating PostgreSQL cluster in $c"
	rm -rf "$c/data"
	jb_as_owner "$JB_PGBIN/initdb" -D "$c/data" --auth-local=peer \
	    --auth-host=reject -U "$JB_DBUSER" -E UTF8 --locale=C.UTF-8 \
	    >"$c/initdb.log" 2>&1 || {
		cat "$c/initdb.log" >&2
		jb_die "initdb failed"
	}
	{
		echo "max_connections = 200"
		if [ "$fast" = fast ]; then
			echo "fsync = off"
			echo "synchronous_commit = off"
			echo "full_page_writes = off"
		fi
	} | jb_as_owner tee -a "$c/data/postgresql.conf" >/dev/null
	if jb_is_root; then chown "$(jb_owner):" "$c"/*.log 2>/dev/null || true; fi
}

# What scripts/lib.sh decides in postgresql.conf: data/jobbro.conf,
# included last (so it wins over what earlier releases appended).
jb_cluster_conf() {
	local c=$1
	cat <<EOF
# jobbro: written by scripts/lib.sh at every start; do not edit (add to
# jobbro.local.conf instead)
listen_addresses = ''
unix_socket_directories = '$(jb_cluster_sockdir "$c")'
unix_socket_permissions = 0700
timezone = 'UTC'
log_timezone = 'UTC'
logging_collector = on
log_directory = '$c/log'
log_filename = 'postgresql-%Y-%m-%d_%H%M%S.log'
log_file_mode = 0600
log_rotation_age = 1d
log_rotation_size = 10MB
log_line_prefix = '%m [%p] %q%u@%d '
include_if_exists = 'jobbro.local.conf'
EOF
}

# pg_hba.conf: the socket, peer authentication, map jobbro; nothing else.
jb_cluster_hba() {
	local c=$1
	echo "# jobbro: written by scripts/lib.sh at every start; do not edit"
	if [ -f "$c/data/pg_hba.local.conf" ]; then
		cat "$c/data/pg_hba.local.conf"
	fi
	echo "local all all peer map=jobbro"
}

# pg_ident.conf: the cluster owner and root, as any of the three roles.
jb_cluster_ident() {
	local u r
	echo "# jobbro: written by scripts/lib.sh at every start; do not edit"
	for u in $(printf '%s\n' "$(jb_owner)" root | sort -u); do
		for r in "$JB_DBUSER" "$JB_OWNER_ROLE" "$JB_APP_ROLE"; do
			printf 'jobbro %s %s\n' "$u" "$r"
		done
	done
}

# jb_cluster_configure DIR — write the files above (as the owner).
jb_cluster_configure() {
	local c=$1 d=$1/data
	jb_cluster_conf "$c" | jb_as_owner tee "$d/jobbro.conf" >/dev/null
	jb_cluster_hba "$c" | jb_as_owner tee "$d/pg_hba.conf" >/dev/null
	jb_cluster_ident | jb_as_owner tee "$d/pg_ident.conf" >/dev/null
	[ -f "$d/jobbro.local.conf" ] || jb_as_owner touch "$d/jobbro.local.conf"
	if ! grep -qx "include = 'jobbro.conf'" "$d/postgresql.conf"; then
		echo "include = 'jobbro.conf'" |
		    jb_as_owner tee -a "$d/postgresql.conf" >/dev/null
	fi
	find "$c/log" -name 'postgresql-*.log' -mtime +30 -delete 2>/dev/null || true
}

jb_cluster_running() {
	local c=$1
	[ -f "$c/data/PG_VERSION" ] || return 1
	jb_as_owner "$JB_PGBIN/pg_ctl" -D "$c/data" status >/dev/null 2>&1
}

# jb_cluster_psql DIR DBNAME psql-args... — as the bootstrap superuser.
jb_cluster_psql() {
	local c=$1 db=$2
	shift 2
	"$JB_PGBIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$(jb_cluster_sockdir "$c")" \
	    -p "$(cat "$c/port")" -U "$JB_DBUSER" -d "$db" "$@" </dev/null
}

# jb_cluster_start DIR — start (or reuse a running) cluster, create the
# database and its roles (scripts/db-roles.sql).
jb_cluster_start() {
	local c=$1 port
	port=$(cat "$c/port")
	jb_cluster_dirs "$c"
	jb_cluster_configure "$c"
	if jb_cluster_running "$c"; then
		jb_log "PostgreSQL already running in $c"
		jb_as_owner "$JB_PGBIN/pg_ctl" -D "$c/data" reload >/dev/null
	else
		jb_log "starting PostgreSQL ($c)"
		jb_as_owner "$JB_PGBIN/pg_ctl" -D "$c/data" -l "$c/postgresql.log" \
		    -o "-p $port" -w -t 60 start >/dev/null || {
			tail -n 30 "$c/postgresql.log" >&2 || true
			jb_die "PostgreSQL did not start (log: $c/postgresql.log, $c/log/)"
		}
	fi
	if [ "$(jb_cluster_psql "$c" postgres -At -c \
	    "SELECT 1 FROM pg_database WHERE datname = '$JB_DBNAME'")" != 1 ]; then
		"$JB_PGBIN/createdb" -h "$(jb_cluster_sockdir "$c")" -p "$port" \
		    -U "$JB_DBUSER" "$JB_DBNAME"
	fi
	jb_cluster_roles "$c" "$JB_DBNAME"
}

# jb_cluster_roles DIR DBNAME — scripts/db-roles.sql on that database.
jb_cluster_roles() {
	jb_cluster_psql "$1" postgres -v db="$2" -v owner="$JB_OWNER_ROLE" \
	    -v app="$JB_APP_ROLE" -f "$JB_ROOT/scripts/db-roles.sql" >/dev/null ||
		jb_die "scripts/db-roles.sql failed on $2"
}

jb_cluster_stop() {
	local c=$1
	if jb_cluster_running "$c"; then
		jb_log "stopping PostgreSQL ($c)"
		jb_as_owner "$JB_PGBIN/pg_ctl" -D "$c/data" -m fast -w -t 60 \
		    stop >/dev/null || true
	fi
}

# The commands (one line of shell each) that stop and start the cluster,
# for tests of what happens while the database is down.
jb_cluster_cmd() {
	local c=$1 what=$2 port as=''
	port=$(cat "$c/port")
	if jb_is_root; then as="runuser -u $JB_SYSUSER -- "; fi
	case $what in
	stop) printf '%s' "cd / && $as$JB_PGBIN/pg_ctl -D '$c/data' -m fast -w -t 60 stop" ;;
	start) printf '%s' "cd / && $as$JB_PGBIN/pg_ctl -D '$c/data' -l '$c/postgresql.log' -o '-p $port' -w -t 60 start" ;;
	esac
}

# jb_cluster_url DIR ROLE [DBNAME] — ROLE: $JB_APP_ROLE (the server's
# DATABASE_URL), $JB_OWNER_ROLE (JOBBRO_MIGRATE_URL) or $JB_DBUSER (the
# superuser: scripts and tests; also when ROLE is empty).
jb_cluster_url() {
	local c=$1
	printf 'postgresql:///%s?host=%s&port=%s&user=%s' "${3:-$JB_DBNAME}" \
	    "$(jb_urlencode "$(jb_cluster_sockdir "$c")")" "$(cat "$c/port")" \
	    "${2:-$JB_DBUSER}"
}

# jb_export_urls DIR — export DATABASE_URL (the server's role) and
# JOBBRO_MIGRATE_URL (the owner's) of cluster DIR.
jb_export_urls() {
	DATABASE_URL=$(jb_cluster_url "$1" "$JB_APP_ROLE")
	JOBBRO_MIGRATE_URL=$(jb_cluster_url "$1" "$JB_OWNER_ROLE")
	export DATABASE_URL JOBBRO_MIGRATE_URL
}

# ---------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------

# jb_build DIR cmake-args... — configure once, then build.
jb_build() {
	local dir=$1
	shift
	jb_log "building in ${dir#"$JB_ROOT"/}"
	cmake -S "$JB_ROOT" -B "$dir" "$@" >"$dir.cmake.log" 2>&1 || {
		cat "$dir.cmake.log" >&2
		jb_die "cmake configure failed"
	}
	env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL cmake --build "$dir" \
	    -j "$(jb_ncpu)" || jb_die "build failed"
}

# The build of schema api: SHA-256 over `sha256sum` of sql/api/*.sql in
# byte order of their names. CMakeLists.txt computes the same for the
# server, which refuses a database whose schema_api differs.
jb_api_hash() {
	(export LC_ALL=C && cd "$JB_ROOT/sql/api" && sha256sum -- *.sql) |
	    sha256sum | cut -c1-64
}

# The spec as JSON (the module serves it at /v1/openapi.json).
jb_openapi_json() {
	local out=$1 spec="$JB_ROOT/api-spec/openapi.yaml"
	[ -f "$spec" ] || return 1
	if [ ! -f "$out" ] || [ "$spec" -nt "$out" ]; then
		mkdir -p "$(dirname "$out")"
		"$JB_PY" - "$spec" "$out.tmp" <<'EOF' || jb_die "cannot convert $spec to JSON"
import json, sys, yaml
with open(sys.argv[1], encoding="utf-8") as f:
    doc = yaml.safe_load(f)
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump(doc, f, ensure_ascii=False, separators=(",", ":"), default=str)
EOF
		mv "$out.tmp" "$out"
	fi
	return 0
}

# npm (Debian's package), installed on demand.
jb_ensure_npm() {
	command -v npm >/dev/null 2>&1 && return 0
	jb_log "installing npm"
	jb_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
	    --no-install-recommends npm </dev/null ||
		{ jb_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q &&
		    jb_sudo env DEBIAN_FRONTEND=noninteractive apt-get install \
			-y -q --no-install-recommends npm </dev/null; }
}

# The API reference (GET /docs) in DIR: its page (api-spec/docs.html as
# index.html) and Redoc's standalone bundle (npm package redoc, major
# version pinned), fetched once with `npm pack` (no dependencies: the
# bundle holds them). The server is given DIR as JOBBRO_DOCS_DIR. Returns
# 1 after saying why when the bundle cannot be had (the server then
# answers /docs with 404; all else works).
JB_REDOC_PKG=redoc@2
jb_docs_assets() {
	local dir=$1 tmp
	mkdir -p "$dir"
	cp "$JB_ROOT/api-spec/docs.html" "$dir/index.html.tmp"
	mv "$dir/index.html.tmp" "$dir/index.html"
	[ -s "$dir/redoc.standalone.js" ] && return 0
	if ! jb_ensure_npm >&2; then
		jb_log "no npm: GET /docs will answer 404"
		return 1
	fi
	tmp=$(mktemp -d)
	if (cd "$tmp" && npm pack --loglevel=error "$JB_REDOC_PKG" >/dev/null) &&
	    tar -xzf "$tmp"/redoc-*.tgz -C "$tmp" package/package.json \
		package/LICENSE package/bundles/redoc.standalone.js \
		package/bundles/redoc.standalone.js.LICENSE.txt; then
		cp "$tmp"/package/package.json "$dir/redoc-package.json"
		cp "$tmp"/package/LICENSE "$dir/redoc-LICENSE"
		cp "$tmp"/package/bundles/redoc.standalone.js.LICENSE.txt "$dir/"
		cp "$tmp"/package/bundles/redoc.standalone.js "$dir/.redoc.tmp"
		mv "$dir/.redoc.tmp" "$dir/redoc.standalone.js"
		rm -rf "$tmp"
		return 0
	fi
	rm -rf "$tmp"
	jb_log "cannot fetch $JB_REDOC_PKG from npm: GET /docs will answer 404"
	return 1
}

# ---------------------------------------------------------------------------
# Kore
# ---------------------------------------------------------------------------

# jb_render_conf OUT HOST PORT MODULE WORKERS PIDFILE ROOTDIR
jb_render_conf() {
	local out=$1 host=$2 port=$3 module=$4 workers=$5 pidfile=$6 rootdir=$7
	local runas='' tmpl="$JB_ROOT/conf/kore.conf.in"
	if jb_is_root; then runas="runas $JB_SYSUSER"; fi
	[ -f "$module" ] || jb_die "module $module not found (build failed?)"
	sed -e "s|@HOST@|$host|g" -e "s|@PORT@|$port|g" \
	    -e "s|@MODULE@|$module|g" -e "s|@WORKERS@|$workers|g" \
	    -e "s|@PIDFILE@|$pidfile|g" -e "s|@ROOT@|$rootdir|g" \
	    -e "s|@RUNAS@|$runas|g" "$tmpl" >"$out.tmp"
	if [ "${JOBBRO_SECCOMP_TRACE:-0}" = 1 ]; then
		echo "seccomp_tracing yes" >>"$out.tmp"
	fi
	mv "$out.tmp" "$out"
}

# The Kore command line for a rendered conf (foreground, no chroot).
jb_kore_argv() {
	local conf=$1
	JB_KORE_ARGV=(stdbuf -oL -eL kore -c "$conf" -f -n)
	if ! jb_is_root; then JB_KORE_ARGV+=(-r); fi
}

# Lines in Kore's output that mean the configuration or a worker is broken.
# shellcheck disable=SC2034 # used by the scripts that source this file
JB_KORE_BAD='ignoring "|configuration error|worker .* exited with status [1-9]|\) gone$|sandbox violation|seccomp violation|restarting worker|cannot (chroot|drop privileges)'

# Wait until GET URL answers 200; fail early if PID dies.
jb_wait_http() {
	local url=$1 pid=$2 timeout=$3 i=0
	while [ "$i" -lt $((timeout * 5)) ]; do
		if curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; then
			return 0
		fi
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.2
		i=$((i + 1))
	done
	return 1
}

# --- throwaway runs (scripts/test.sh, bench/run.sh) -------------------------

# jb_scratch_dir PREFIX — a fresh directory the cluster owner can reach.
jb_scratch_dir() {
	local base=${TMPDIR:-/tmp} dir
	if ! jb_owner_can_reach "$base"; then base=/var/lib/jobbro; fi
	dir=$(mktemp -d "$base/$1.XXXXXX")
	chmod 0755 "$dir"
	printf '%s\n' "$dir"
}

# jb_scratch_cluster DIR — init and start a fast, throwaway cluster in DIR,
# export its DATABASE_URL and JOBBRO_MIGRATE_URL (jb_export_urls) and apply
# the migrations.
jb_scratch_cluster() {
	unset DATABASE_URL JOBBRO_MIGRATE_URL
	jb_cluster_init "$1" "$(jb_free_port)" fast
	jb_cluster_start "$1"
	jb_export_urls "$1"
	bash "$JB_ROOT/scripts/migrate.sh" >/dev/null
}

# jb_stop_kore PID — SIGTERM, wait up to 15 s, then kill its process group
# (workers of a killed parent share it). Returns 1 if it had to kill.
jb_stop_kore() {
	local pid=$1 rc=0
	[ -n "$pid" ] || return 0
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid" 2>/dev/null || true
		for _ in $(seq 1 150); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		if kill -0 "$pid" 2>/dev/null; then
			rc=1
			jb_log "Kore did not stop within 15 s of SIGTERM; killing it"
			kill -KILL -- "-$pid" 2>/dev/null || true
		fi
	fi
	wait "$pid" 2>/dev/null || true
	kill -KILL -- "-$pid" 2>/dev/null || true
	return "$rc"
}

# jb_scratch_remove DIR CLUSTER — stop the cluster, delete DIR (unless
# JOBBRO_KEEP_TMP=1) and the cluster's socket directory.
jb_scratch_remove() {
	local dir=$1 cluster=$2
	if [ -n "$cluster" ]; then jb_cluster_stop "$cluster" 2>/dev/null || true; fi
	if [ "${JOBBRO_KEEP_TMP:-0}" = 1 ]; then
		jb_log "kept $dir"
		return 0
	fi
	rm -rf "$dir"
	if [ -n "$cluster" ]; then rm -rf "$(jb_cluster_sockdir "$cluster")"; fi
}
