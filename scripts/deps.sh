#!/usr/bin/env bash
# scripts/deps.sh — install the Debian 12 packages Jobbro needs to build,
# run and test. Only what is missing is installed (dpkg-query first), so a
# second run is fast and needs no network. As root apt-get runs directly,
# otherwise through `sudo -n`.
#   JOBBRO_SKIP_DEPS=1   do nothing (e.g. a prepared image)
set -euo pipefail
. "$(dirname "$0")/lib.sh"

[ "${JOBBRO_SKIP_DEPS:-0}" = 1 ] && exit 0

PACKAGES=(
	build-essential cmake pkg-config
	kore libjansson-dev libjwt-dev libargon2-dev libcmocka-dev libpq-dev
	libssl-dev libcurl4-openssl-dev
	postgresql-15 postgresql-client-15 postgresql-contrib
	curl jq openssl ca-certificates coreutils util-linux
	python3 python3-pytest python3-jsonschema python3-yaml python3-psycopg2
	wrk haproxy
)

missing=()
for p in "${PACKAGES[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null || true)
	case $status in
	ii*) ;;
	*) missing+=("$p") ;;
	esac
done

if [ ${#missing[@]} -eq 0 ]; then
	exit 0
fi

command -v apt-get >/dev/null 2>&1 ||
	jb_die "missing packages (${missing[*]}) and no apt-get: install them by hand"
jb_log "installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
jb_sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q ||
	jb_die "apt-get update failed"
jb_sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q \
    --no-install-recommends "${missing[@]}" </dev/null ||
	jb_die "apt-get install failed"
