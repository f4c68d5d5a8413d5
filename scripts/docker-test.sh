#!/usr/bin/env bash
# scripts/docker-test.sh (make docker-test) — build the Docker image with
# podman and check that it works, on a machine where containers cannot start
# (no cgroups, no Docker engine):
#   1. make sure the base image docker.io/library/debian:bookworm-slim is
#      there (else import a local Debian 12 root tar, made by the fresh
#      tool's make-root when missing; last, try `podman pull`);
#   2. podman build --isolation chroot -t localhost/jobbro:test . (log:
#      build/docker-test/build.log);
#   3. start a throwaway PostgreSQL cluster listening on 127.0.0.1 (password
#      auth for jobbro_owner and jobbro_app, made by scripts/db-roles.sql as
#      README says), `podman create` + `podman mount` the image, and run the
#      image's ENTRYPOINT in the mounted root with chroot as the image's
#      USER, with the image's ENV and WORKDIR (+ /proc and /dev mounted) and
#      DATABASE_URL (jobbro_app), JOBBRO_MIGRATE_URL (jobbro_owner),
#      JOBBRO_JWT_SECRET, JOBBRO_MIGRATE=1, an admin, PORT,
#      HOST=127.0.0.1, JOBBRO_WORKERS=1;
#   4. check migrations, /healthz, /readyz, the image's HEALTHCHECK, a
#      login, creating an employer, a 422 for an unknown municipality, a
#      clean log and a clean stop on SIGTERM.
# Prints one line `ok - ...` / `not ok - ...` per check and last
# `docker-test: N ok, M failed`; exits non-zero on any failure. Everything
# started is stopped, unmounted and deleted on exit or Ctrl-C (the image
# localhost/jobbro:test is kept). Needs root and podman; without them it
# prints `docker-test: skipped: <why>` and exits 0.
#
# Env: JOBBRO_DOCKER_TEST_REQUIRED=1 (a skip is a failure),
#   JOBBRO_DOCKER_IMAGE (tag to build, localhost/jobbro:test),
#   JOBBRO_DOCKER_BASE_TAR (a Debian 12 root fs tar to import as the base;
#   default $FRESH_ROOT/pristine.tar, FRESH_ROOT=/var/tmp/fresh-bookworm),
#   JOBBRO_FRESH_MAKE_ROOT (the tool that makes that tar,
#   ../shared/tools/fresh/make-root beside the checkout), JOBBRO_DOCKER_BUILD_TIMEOUT (s,
#   1800), JOBBRO_SKIP_DEPS=1, JOBBRO_KEEP_TMP=1 (keep the temp dir).
# Logs of the last run are in build/docker-test/.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
cd "$JB_ROOT"

IMAGE=${JOBBRO_DOCKER_IMAGE:-localhost/jobbro:test}
BASE=docker.io/library/debian:bookworm-slim
BASE_TAR=${JOBBRO_DOCKER_BASE_TAR:-${FRESH_ROOT:-/var/tmp/fresh-bookworm}/pristine.tar}
MAKE_ROOT=${JOBBRO_FRESH_MAKE_ROOT:-$JB_ROOT/../shared/tools/fresh/make-root}
BUILD_TIMEOUT=${JOBBRO_DOCKER_BUILD_TIMEOUT:-1800}
LOGS=$JB_ROOT/build/docker-test

say() { printf 'docker-test: %s\n' "$*"; }
skip() {
	if [ "${JOBBRO_DOCKER_TEST_REQUIRED:-0}" = 1 ]; then
		say "failed: $* (JOBBRO_DOCKER_TEST_REQUIRED=1)"
		exit 1
	fi
	say "skipped: $*"
	exit 0
}

n_ok=0 n_failed=0
check() {	# check DESCRIPTION COMMAND... — one line ok / not ok
	local what=$1
	shift
	if "$@"; then
		n_ok=$((n_ok + 1))
		echo "ok - $what"
	else
		n_failed=$((n_failed + 1))
		echo "not ok - $what"
	fi
}
summary() {
	say "$n_ok ok, $n_failed failed"
	[ "$n_failed" = 0 ]
}

# --- can we run at all? -----------------------------------------------------
command -v podman >/dev/null 2>&1 || skip "podman is not installed (apt-get install podman)"
jb_is_root || skip "needs root (podman build --isolation chroot, podman mount, chroot)"
podman info >/dev/null 2>&1 || skip "podman does not work here: $(podman info 2>&1 | tail -n 1)"

mkdir -p "$LOGS"
exec 9>"$LOGS/.lock"
flock -n 9 || jb_die "another docker-test is running (lock: build/docker-test/.lock)"

# --- the base image -----------------------------------------------------------
if ! podman image exists "$BASE"; then
	if [ ! -s "$BASE_TAR" ] && [ -x "$MAKE_ROOT" ]; then
		jb_log "no $BASE_TAR: making a Debian 12 root with $MAKE_ROOT (2-4 min)"
		timeout 1800 "$MAKE_ROOT" >"$LOGS/make-root.log" 2>&1 || {
			tail -n 20 "$LOGS/make-root.log" >&2
			skip "$MAKE_ROOT failed (log: build/docker-test/make-root.log)"
		}
	fi
	if [ -s "$BASE_TAR" ]; then
		jb_log "importing $BASE_TAR as $BASE"
		timeout 600 podman import "$BASE_TAR" "$BASE" >"$LOGS/import.log" 2>&1 || {
			tail -n 20 "$LOGS/import.log" >&2
			skip "podman import $BASE_TAR failed"
		}
	else
		jb_log "no local Debian 12 root tar: trying podman pull $BASE"
		timeout 300 podman pull -q "$BASE" >"$LOGS/import.log" 2>&1 ||
			skip "no base image $BASE: no root tar ($BASE_TAR), no $MAKE_ROOT, and podman pull failed"
	fi
fi

# --- host packages: PostgreSQL 15 (the test cluster), curl, python3 ---------
bash "$JB_ROOT/scripts/deps.sh"
jb_ensure_user
unset DATABASE_URL JOBBRO_MIGRATE_URL

T=$(jb_scratch_dir jobbro-docker-test)
cluster='' ctr='' root='' kore_pid='' kore_stop_failed=0
mounts=()

# Processes whose root directory is the mounted image (by pid: ours only).
pids_in_root() {
	local p r
	[ -n "$root" ] || return 0
	for p in /proc/[0-9]*; do
		r=$(readlink "$p/root" 2>/dev/null) || continue
		case $r in "$root" | "$root"/*) echo "${p#/proc/}" ;; esac
	done
}
cleanup() {
	local rc=$? m pids i
	trap - EXIT
	trap '' INT TERM	# finish cleaning up (every step has a timeout)
	set +e
	jb_stop_kore "$kore_pid" || kore_stop_failed=1
	kore_pid=''
	for i in 1 2 3; do	# anything left in the image root (health checks)
		pids=$(pids_in_root)
		[ -n "$pids" ] || break
		# shellcheck disable=SC2086
		kill -KILL $pids 2>/dev/null
		sleep 0.5
	done
	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		m=${mounts[$i]}
		umount "$m" 2>/dev/null || umount -l "$m" 2>/dev/null ||
			jb_log "warning: cannot unmount $m"
	done
	if [ -n "$ctr" ]; then
		podman umount "$ctr" >/dev/null 2>&1
		podman rm -f "$ctr" >/dev/null 2>&1 ||
			jb_log "warning: cannot remove container $ctr"
	fi
	if [ -n "$cluster" ]; then
		jb_cluster_stop "$cluster" 2>/dev/null
		cp "$cluster/postgresql.log" "$LOGS/" 2>/dev/null
	fi
	cp "$T/kore.log" "$LOGS/" 2>/dev/null
	jb_scratch_remove "$T" "$cluster"
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# --- build ------------------------------------------------------------------
# --isolation chroot: no cgroups or namespaces needed for RUN steps;
# --network host: apt-get inside reaches the archive the host uses;
# --format docker: OCI images drop HEALTHCHECK; --pull=never: the base is
# local (above).
jb_log "podman build -t $IMAGE (log: build/docker-test/build.log)"
t0=$(date +%s)
build_ok=true
# npm in the build trusts what this host trusts (a proxy's CA, if any).
ca_args=()
if [ -s /etc/ssl/certs/ca-certificates.crt ]; then
	ca_args=(-v /etc/ssl/certs/ca-certificates.crt:/run/host-ca.crt:ro
		--build-arg NODE_EXTRA_CA_CERTS=/run/host-ca.crt)
fi
timeout "$BUILD_TIMEOUT" podman build --isolation chroot --network host \
    "${ca_args[@]}" \
    --format docker --pull=never -t "$IMAGE" -f Dockerfile . \
    >"$LOGS/build.log" 2>&1 </dev/null || build_ok=false
jb_log "build took $(($(date +%s) - t0)) s"
check "the image builds (podman build, ${BUILD_TIMEOUT} s at most)" $build_ok
if ! $build_ok; then
	tail -n 40 "$LOGS/build.log" >&2
	summary
	exit 1
fi

# --- the image's configuration ------------------------------------------------
podman image inspect "$IMAGE" >"$T/inspect.json"
"$JB_PY" - "$T/inspect.json" "$T" <<'EOF'
import json, sys
img = json.load(open(sys.argv[1]))[0]
cfg = img.get("Config") or {}
out = sys.argv[2]
def put(name, items):
    with open(f"{out}/img.{name}", "w") as f:
        f.write("".join(s + "\0" for s in items))
put("env", cfg.get("Env") or [])
put("argv", (cfg.get("Entrypoint") or []) + (cfg.get("Cmd") or []))
put("user", [cfg.get("User") or "root"])
put("workdir", [cfg.get("WorkingDir") or "/"])
hc = cfg.get("Healthcheck") or img.get("Healthcheck") or {}
test = hc.get("Test") or []
if test[:1] == ["CMD-SHELL"]:
    test = ["/bin/sh", "-c"] + test[1:]
elif test[:1] == ["CMD"]:
    test = test[1:]
else:
    test = []
put("health", test)
EOF
mapfile -d '' img_env <"$T/img.env"
mapfile -d '' img_argv <"$T/img.argv"
mapfile -d '' img_health <"$T/img.health"
img_user=$(tr -d '\0' <"$T/img.user")
img_workdir=$(tr -d '\0' <"$T/img.workdir")
[ ${#img_argv[@]} -gt 0 ] || jb_die "$IMAGE has no ENTRYPOINT or CMD"

# --- database: a throwaway cluster, also on 127.0.0.1 with a password -------
cluster=$T/pg
jb_cluster_init "$cluster" "$(jb_free_port)" fast
pg_port=$(cat "$cluster/port")
owner_password=$(openssl rand -hex 16)
app_password=$(openssl rand -hex 16)
echo "listen_addresses = '127.0.0.1'	# docker-test: the image connects over TCP" |
	jb_as_owner tee "$cluster/data/jobbro.local.conf" >/dev/null
printf 'host %s %s 127.0.0.1/32 scram-sha-256\n' \
    "$JB_DBNAME" "$JB_OWNER_ROLE" "$JB_DBNAME" "$JB_APP_ROLE" |
	jb_as_owner tee "$cluster/data/pg_hba.local.conf" >/dev/null
jb_cluster_start "$cluster"
HOST_URL=$(jb_cluster_url "$cluster" "$JB_DBUSER")
jb_cluster_psql "$cluster" postgres -v db="$JB_DBNAME" \
    -v owner_password="$owner_password" -v app_password="$app_password" \
    -f "$JB_ROOT/scripts/db-roles.sql" >/dev/null
DB_URL="postgresql://$JB_APP_ROLE:$app_password@127.0.0.1:$pg_port/$JB_DBNAME"
MIGRATE_URL="postgresql://$JB_OWNER_ROLE:$owner_password@127.0.0.1:$pg_port/$JB_DBNAME"

# --- the image's root -----------------------------------------------------------
ctr=$(podman create --name "jobbro-docker-test-$$" "$IMAGE")
root=$(podman mount "$ctr")
[ -d "$root/app" ] || [ -d "$root/usr" ] || jb_die "podman mount gave no root ($root)"
# What a container runtime provides: /proc, /dev (Kore: /dev/null,
# /dev/urandom; bash: /dev/fd).
mount -t proc proc "$root/proc"
mounts+=("$root/proc")
mount --bind /dev "$root/dev"
mounts+=("$root/dev")
mount --make-private "$root/dev"

# USER name[:group] or uid[:gid], resolved in the image's own /etc/passwd.
u=${img_user%%:*} g=''
case $img_user in *:*) g=${img_user#*:} ;; esac
pw=$(awk -F: -v u="$u" '$1 == u || $3 == u { print; exit }' "$root/etc/passwd")
[ -n "$pw" ] || [[ $u =~ ^[0-9]+$ ]] || jb_die "USER $u is not in the image's /etc/passwd"
uid=$u gid=${g:-0} home=/
if [ -n "$pw" ]; then
	uid=$(cut -d: -f3 <<<"$pw")
	gid=${g:-$(cut -d: -f4 <<<"$pw")}
	home=$(cut -d: -f6 <<<"$pw")
fi
if ! [[ $gid =~ ^[0-9]+$ ]]; then
	gid=$(awk -F: -v g="$gid" '$1 == g { print $3; exit }' "$root/etc/group")
fi
[ -n "$gid" ] || jb_die "USER $img_user: no such group in the image"

# In the image's root as its user, with its ENV (and ours) and WORKDIR: what
# `docker run` does, minus the namespaces.
KPORT=$(jb_free_port)
ADMIN_EMAIL="admin-$(openssl rand -hex 4)@jobbro.test"
ADMIN_PASSWORD=$(openssl rand -hex 16)
run_env=("${img_env[@]}" "HOME=$home" "HOSTNAME=jobbro-docker-test"
	"DATABASE_URL=$DB_URL" "JOBBRO_MIGRATE_URL=$MIGRATE_URL"
	"JOBBRO_JWT_SECRET=$(openssl rand -hex 32)"
	"JOBBRO_MIGRATE=1" "JOBBRO_ADMIN_EMAIL=$ADMIN_EMAIL"
	"JOBBRO_ADMIN_PASSWORD=$ADMIN_PASSWORD" "PORT=$KPORT" "HOST=127.0.0.1"
	"JOBBRO_WORKERS=1" "JOBBRO_PUBLIC_URL=https://api.jobbro.test")
IN_IMAGE=(env -i "${run_env[@]}" "$(command -v chroot)" --userspec="$uid:$gid"
	--groups="$gid" "$root" /usr/bin/env -C "$img_workdir")

jb_log "running the image's entrypoint (${img_argv[*]}) as $img_user ($uid:$gid) on 127.0.0.1:$KPORT"
setsid "${IN_IMAGE[@]}" "${img_argv[@]}" >"$T/kore.log" 2>&1 </dev/null &
kore_pid=$!

# --- checks -------------------------------------------------------------------
BASE_URL=http://127.0.0.1:$KPORT
up=true
if ! jb_wait_http "$BASE_URL/healthz" "$kore_pid" 60; then
	up=false
	jb_log "no 200 from GET /healthz within 60 s; the entrypoint's output:"
	tail -n 40 "$T/kore.log" >&2 || true
fi

nmig=$("$JB_PGBIN/psql" -X -qAt -d "$HOST_URL" \
    -c "SELECT count(*) FROM schema_migrations" 2>/dev/null || echo 0)
check "the entrypoint applied the migrations ($nmig rows in schema_migrations)" \
    test "${nmig:-0}" -gt 0
check "GET /healthz 200 within 60 s" $up

# http METHOD PATH [BODY] [TOKEN] — prints the status (000: no answer); the
# body goes to $T/body.
http() {
	local args=(-s -o "$T/body" -w '%{http_code}' --max-time 10 -X "$1")
	: >"$T/body"
	if [ -n "${3:-}" ]; then
		args+=(-H 'Content-Type: application/json' --data-binary "$3")
	fi
	if [ -n "${4:-}" ]; then args+=(-H "Authorization: Bearer $4"); fi
	curl "${args[@]}" "$BASE_URL$2" 2>/dev/null || true
}
# expect DESCRIPTION WANT GOT — on a mismatch the line shows what came back.
expect() {
	if [ "$3" = "$2" ]; then
		check "$1" true
	else
		local body
		body=$(tr -d '\n' <"$T/body" | head -c 300)
		check "$1 (got $3: ${body:-no answer})" false
	fi
}
# A random CVR number that passes the modulus-11 check (weights 2765432 1).
new_cvr() {
	"$JB_PY" - <<'EOF'
import random
w = (2, 7, 6, 5, 4, 3, 2, 1)
while True:
    d = [random.randint(1, 9)] + [random.randint(0, 9) for _ in range(6)]
    c = -sum(a * b for a, b in zip(w, d)) % 11
    if c < 10:
        print("".join(map(str, d + [c])))
        break
EOF
}
# body_has WHAT — the last response body (JSON) has: token | no-fk-text
# (is JSON without PostgreSQL's words) | municipality-error
body_has() {
	"$JB_PY" - "$T/body" "$1" <<'EOF'
import json, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
what = sys.argv[2]
try:
    doc = json.loads(text)
except ValueError:
    sys.exit(1)
if what == "token":
    ok = isinstance(doc.get("access_token"), str) and doc["access_token"] != ""
elif what == "no-fk-text":
    ok = "violates foreign key constraint" not in text
else:
    ok = any(isinstance(e, dict) and e.get("field") == "municipality_code"
             for e in doc.get("errors") or [])
sys.exit(0 if ok else 1)
EOF
}

expect "GET /readyz 200" 200 "$(http GET /readyz)"
expect "GET /docs 200 (the image ships the API reference)" 200 "$(http GET /docs)"
check "... which loads its script from this server" \
    grep -q '<script src="/docs/redoc.standalone.js">' "$T/body"
expect "GET /docs/redoc.standalone.js 200" 200 \
    "$(http GET /docs/redoc.standalone.js)"
expect "GET /v1/openapi.json 200" 200 "$(http GET /v1/openapi.json)"
check "... whose servers are JOBBRO_PUBLIC_URL" "$JB_PY" -c '
import json, sys
doc = json.load(open(sys.argv[1]))
sys.exit(doc["servers"] != [{"url": "https://api.jobbro.test", "description": "This server"}])' "$T/body"

healthcheck() { timeout 10 "${IN_IMAGE[@]}" "${img_health[@]}" >/dev/null 2>&1; }
if [ ${#img_health[@]} -gt 0 ]; then
	check "the image's HEALTHCHECK passes in the image (${img_health[*]})" healthcheck
else
	jb_log "the image has no HEALTHCHECK"
fi

login=$(printf '{"grant_type":"password","username":"%s","password":"%s"}' \
    "$ADMIN_EMAIL" "$ADMIN_PASSWORD")
expect "POST /v1/auth/token (password grant, the admin) 200" 200 \
    "$(http POST /v1/auth/token "$login")"
token=''
if body_has token; then
	token=$("$JB_PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["access_token"])' "$T/body")
fi
check "... with an access_token" test -n "$token"

employer=$(printf '{"name":"Docker Test ApS","cvr":"%s","municipality_code":"0101"}' "$(new_cvr)")
expect "POST /v1/employers (municipality 0101) 201" 201 \
    "$(http POST /v1/employers "$employer" "$token")"

employer=$(printf '{"name":"Docker Test ApS","cvr":"%s","municipality_code":"9999"}' "$(new_cvr)")
expect "POST /v1/employers (municipality 9999) 422" 422 \
    "$(http POST /v1/employers "$employer" "$token")"
check "... does not show PostgreSQL's 'violates foreign key constraint'" \
    body_has no-fk-text
check "... names municipality_code in errors" body_has municipality-error

# Still serving, a clean stop on SIGTERM (docker stop), and nothing bad in
# Kore's output.
if kill -0 "$kore_pid" 2>/dev/null; then
	jb_stop_kore "$kore_pid" || kore_stop_failed=1
	check "Kore exits within 15 s of SIGTERM" test "$kore_stop_failed" = 0
else
	status=0
	wait "$kore_pid" || status=$?
	jb_log "the entrypoint's last words:"
	tail -n 5 "$T/kore.log" >&2 || true
	check "Kore exits within 15 s of SIGTERM (it had stopped before: status $status)" false
fi
kore_pid=''
bad=$(grep -v '^{' "$T/kore.log" | grep -E "$JB_KORE_BAD" || true)
if [ -n "$bad" ]; then printf '%s\n' "$bad" | head -n 20 >&2; fi
check "Kore's output shows no configuration problem, sandbox violation or crashed worker" \
    test -z "$bad"

summary
