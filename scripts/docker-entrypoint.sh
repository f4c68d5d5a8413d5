#!/usr/bin/env bash
# scripts/docker-entrypoint.sh — the container's entry point (runs as the
# unprivileged user jobbro): render the Kore configuration, optionally run
# the migrations (JOBBRO_MIGRATE=1), then exec Kore in the foreground.
# Needs DATABASE_URL (the server's role, jobbro_app) and JOBBRO_JWT_SECRET in
# the environment; migrations run as JOBBRO_MIGRATE_URL (the owner,
# jobbro_owner; default DATABASE_URL). scripts/db-roles.sql makes the roles.
# The webhook sender (jobbro-webhookd) is started beside Kore unless
# JOBBRO_WEBHOOKD=0; `webhookd` as the argument runs only the sender.
set -euo pipefail
APP=${JOBBRO_APP:-/app}
: "${DATABASE_URL:?DATABASE_URL must be set}"
if [ "${1:-}" = webhookd ]; then
	exec "$APP/jobbro-webhookd"
fi
: "${JOBBRO_JWT_SECRET:?JOBBRO_JWT_SECRET must be set (openssl rand -hex 32)}"
PORT=${PORT:-8080}
HOST=${HOST:-0.0.0.0}
WORKERS=${JOBBRO_WORKERS:-$(nproc)}
RUN=${JOBBRO_RUN_DIR:-/tmp/jobbro}
mkdir -p "$RUN"

sed -e "s|@HOST@|$HOST|g" -e "s|@PORT@|$PORT|g" \
    -e "s|@MODULE@|$APP/jobbro.so|g" -e "s|@WORKERS@|$WORKERS|g" \
    -e "s|@PIDFILE@|$RUN/kore.pid|g" -e "s|@ROOT@|$RUN|g" \
    -e "s|@RUNAS@||g" "$APP/conf/kore.conf.in" >"$APP/conf/kore.conf"

if [ "${JOBBRO_MIGRATE:-0}" = 1 ]; then
	bash "$APP/scripts/migrate.sh"
fi
if [ -f "$APP/openapi.json" ]; then
	export JOBBRO_OPENAPI_JSON=${JOBBRO_OPENAPI_JSON:-$APP/openapi.json}
fi
if [ -f "$APP/docs/redoc.standalone.js" ]; then
	export JOBBRO_DOCS_DIR=${JOBBRO_DOCS_DIR:-$APP/docs}
fi

if [ "${JOBBRO_WEBHOOKD:-1}" != 0 ] && [ -x "$APP/jobbro-webhookd" ]; then
	"$APP/jobbro-webhookd" &
fi

exec stdbuf -oL -eL kore -c "$APP/conf/kore.conf" -f -n -r
