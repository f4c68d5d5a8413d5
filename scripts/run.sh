#!/usr/bin/env bash
# scripts/run.sh (make run) — install what is missing, build, start the
# embedded PostgreSQL (unless DATABASE_URL is set), migrate, load demo data,
# print a curl login example and run Kore in the foreground. Ctrl-C stops
# Kore, then the embedded PostgreSQL.
#
# Env: PORT (8080), HOST (127.0.0.1), JOBBRO_WORKERS (number of cores),
#   DATABASE_URL (the server's; skip the embedded cluster),
#   JOBBRO_MIGRATE_URL (the owner's, for migrations and seeds; default
#   DATABASE_URL), JOBBRO_JWT_SECRET,
#   JOBBRO_ADMIN_EMAIL (admin@jobbro.local), JOBBRO_ADMIN_PASSWORD
#   (generated once into the state directory), JOBBRO_LOG_LEVEL,
#   JOBBRO_DEMO_CLIENT=0 (no demo API client; by default one for 0101 with
#   every scope is made once, its id and secret kept in the state
#   directory: demo-client-id, demo-client-secret),
#   JOBBRO_VAR_DIR (state directory; default var/ or /var/lib/jobbro/<id>),
#   JOBBRO_MODULE (load this .so instead of build/release/jobbro.so),
#   JOBBRO_SKIP_DEPS=1, JOBBRO_WEBHOOKD=0 (do not start the webhook
#   sender), JOBBRO_WEBHOOK_* (README: Webhooks; ALLOW_PRIVATE defaults
#   to 1 here).
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$JB_ROOT"

PORT=${PORT:-8080}
HOST=${HOST:-127.0.0.1}
WORKERS=${JOBBRO_WORKERS:-$(jb_ncpu)}
[[ $PORT =~ ^[0-9]+$ ]] || jb_die "PORT must be a number"
[[ $WORKERS =~ ^[0-9]+$ ]] || jb_die "JOBBRO_WORKERS must be a number"

bash "$JB_ROOT/scripts/deps.sh"
jb_ensure_user

mkdir -p build
jb_build "$JB_ROOT/build/release" -DCMAKE_BUILD_TYPE=Release
MODULE=${JOBBRO_MODULE:-$JB_ROOT/build/release/jobbro.so}
if jb_openapi_json "$JB_ROOT/build/openapi.json"; then
	export JOBBRO_OPENAPI_JSON="$JB_ROOT/build/openapi.json"
fi
if jb_docs_assets "$JB_ROOT/build/docs"; then
	export JOBBRO_DOCS_DIR="$JB_ROOT/build/docs"
fi

VAR=$(jb_var_dir)
jb_mkdir_reachable "$VAR"

kore_pid='' cluster='' webhookd_pid=''
cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [ -n "$webhookd_pid" ]; then
		kill -TERM "$webhookd_pid" 2>/dev/null || true
		wait "$webhookd_pid" 2>/dev/null || true
	fi
	if [ -n "$kore_pid" ] && kill -0 "$kore_pid" 2>/dev/null; then
		kill -TERM "$kore_pid" 2>/dev/null || true
		for _ in $(seq 1 100); do
			kill -0 "$kore_pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$kore_pid" 2>/dev/null || true
		wait "$kore_pid" 2>/dev/null || true
	fi
	if [ -n "$cluster" ]; then jb_cluster_stop "$cluster"; fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${DATABASE_URL:-}" ]; then
	cluster=$VAR/pg
	jb_cluster_init "$cluster" "${JOBBRO_PGPORT:-5432}"
	jb_cluster_start "$cluster"
	jb_export_urls "$cluster"
else
	jb_log "using DATABASE_URL from the environment (no embedded cluster)"
	export DATABASE_URL JOBBRO_MIGRATE_URL=${JOBBRO_MIGRATE_URL:-$DATABASE_URL}
fi

bash "$JB_ROOT/scripts/migrate.sh"
bash "$JB_ROOT/scripts/seed.sh" --demo

# Secrets: generated once, kept in the state directory (0600, root/user).
umask 077
if [ -z "${JOBBRO_JWT_SECRET:-}" ]; then
	[ -s "$VAR/jwt-secret" ] || openssl rand -hex 32 >"$VAR/jwt-secret"
	JOBBRO_JWT_SECRET=$(cat "$VAR/jwt-secret")
fi
JOBBRO_ADMIN_EMAIL=${JOBBRO_ADMIN_EMAIL:-admin@jobbro.local}
# The password is shown once, when it is made; after that, where it is.
admin_password_shown="(from JOBBRO_ADMIN_PASSWORD)"
pw_expr='$JOBBRO_ADMIN_PASSWORD'
if [ -z "${JOBBRO_ADMIN_PASSWORD:-}" ]; then
	pw_expr="\$(cat '$VAR/admin-password')"
	admin_password_shown="in $VAR/admin-password"
	if [ ! -s "$VAR/admin-password" ]; then
		openssl rand -base64 24 | tr -d '/+=\n' | cut -c1-20 >"$VAR/admin-password"
		admin_password_shown="$(cat "$VAR/admin-password")   (new; kept in $VAR/admin-password)"
	fi
	JOBBRO_ADMIN_PASSWORD=$(cat "$VAR/admin-password")
fi
# The demo API client (a partner system): made when the state directory
# has none the database knows; its secret is shown once, then where it is.
demo_client_shown=''
if [ "${JOBBRO_DEMO_CLIENT:-1}" != 0 ]; then
	demo_client_id=$(cat "$VAR/demo-client-id" 2>/dev/null || true)
	[[ $demo_client_id =~ ^jbc_[0-9a-f]{24}$ ]] || demo_client_id=''
	if [ -n "$demo_client_id" ] && [ -s "$VAR/demo-client-secret" ] &&
	    [ "$("$JB_PGBIN/psql" -X -qAt -d "$JOBBRO_MIGRATE_URL" -c \
		"SELECT count(*) FROM api_clients WHERE client_id = '$demo_client_id' AND active")" = 1 ]; then
		demo_client_shown="secret in $VAR/demo-client-secret"
	else
		demo_client=$("$JB_PGBIN/psql" -X -qAt -d "$JOBBRO_MIGRATE_URL" -F ' ' -c \
		    "SELECT body->>'client_id', body->>'client_secret' FROM api.api_clients_create('{\"role\": \"admin\"}', '{\"body\": {\"name\": \"Demo job centre (København)\", \"municipality_codes\": [\"0101\"], \"scopes\": [\"jobs:read\", \"seekers:read\", \"seekers:refer\", \"placements:read\", \"events:read\", \"webhooks:manage\"]}}')" || true)
		if [[ $demo_client =~ ^(jbc_[0-9a-f]{24})\ (jbs_[0-9a-f]{64})$ ]]; then
			demo_client_id=${BASH_REMATCH[1]}
			printf '%s\n' "$demo_client_id" >"$VAR/demo-client-id"
			printf '%s\n' "${BASH_REMATCH[2]}" >"$VAR/demo-client-secret"
			demo_client_shown="secret ${BASH_REMATCH[2]}   (new; kept in $VAR/demo-client-secret)"
		else
			jb_log "could not make the demo API client (JOBBRO_DEMO_CLIENT=0 skips it)"
		fi
	fi
fi
umask 022
export JOBBRO_JWT_SECRET JOBBRO_ADMIN_EMAIL JOBBRO_ADMIN_PASSWORD
export JOBBRO_LOG_LEVEL=${JOBBRO_LOG_LEVEL:-info}

# Fail early and clearly when the port is taken.
if ! "$JB_PY" -c 'import socket, sys
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind((sys.argv[1], int(sys.argv[2])))' "$HOST" "$PORT" 2>/dev/null; then
	jb_die "$HOST:$PORT is in use (set PORT=...)"
fi

CONF=$VAR/kore.conf
jb_render_conf "$CONF" "$HOST" "$PORT" "$MODULE" "$WORKERS" "$VAR/kore.pid" "$VAR"
jb_kore_argv "$CONF"

url_host=$HOST
[ "$HOST" = 0.0.0.0 ] && url_host=127.0.0.1
demo_users=$("$JB_PGBIN/psql" -X -qAt -d "$JOBBRO_MIGRATE_URL" -F ' ' -c \
    "SELECT role, email FROM users WHERE email <> '$JOBBRO_ADMIN_EMAIL' AND active ORDER BY role, email LIMIT 20" \
    2>/dev/null || true)
cat <<EOF

  Jobbro on http://$url_host:$PORT   (Ctrl-C stops it)
  reference: http://$url_host:$PORT/docs
  database:  $(printf '%s' "$DATABASE_URL" | sed -E 's|//[^/@]*@|//***@|')
  admin:     $JOBBRO_ADMIN_EMAIL, password $admin_password_shown
  state:     $VAR

  Log in (access token):
    curl -s -X POST http://$url_host:$PORT/v1/auth/token -H 'Content-Type: application/json' -d '{"grant_type":"password","username":"$JOBBRO_ADMIN_EMAIL","password":"'"$pw_expr"'"}'
  Then:
    curl -s http://$url_host:$PORT/v1/me -H "Authorization: Bearer \$TOKEN"
EOF
if [ -n "$demo_users" ]; then
	echo "  Demo users (password: demo-password):"
	printf '%s\n' "$demo_users" | sed 's/^/    /'
fi
if [ -n "$demo_client_shown" ]; then
	echo "  Demo API client (a partner system: København, every scope):"
	echo "    client_id $demo_client_id, $demo_client_shown"
	echo "    curl -s -X POST http://$url_host:$PORT/v1/auth/token -u \"\$(cat '$VAR/demo-client-id'):\$(cat '$VAR/demo-client-secret')\" -d grant_type=client_credentials"
fi
echo

# The webhook sender, beside Kore (never in a worker): local receivers
# are fine on a development machine.
export JOBBRO_WEBHOOK_ALLOW_PRIVATE=${JOBBRO_WEBHOOK_ALLOW_PRIVATE:-1}
if [ "${JOBBRO_WEBHOOKD:-1}" != 0 ]; then
	jb_log "starting jobbro-webhookd"
	"$JB_ROOT/build/release/jobbro-webhookd" > >(tee -a "$VAR/webhookd.log") 2>&1 &
	webhookd_pid=$!
fi

jb_log "starting Kore: ${JB_KORE_ARGV[*]}"
touch "$VAR/kore.log"
chmod 0600 "$VAR/kore.log"	# request lines: paths with ids, addresses
"${JB_KORE_ARGV[@]}" > >(tee -a "$VAR/kore.log") 2>&1 &
kore_pid=$!
set +e
wait "$kore_pid"
rc=$?
set -e
kore_pid=''
jb_log "Kore exited with status $rc"
exit "$rc"
