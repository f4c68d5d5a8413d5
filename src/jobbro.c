/*
 * jobbro.c — the module's life cycle in Kore. In the parent, when Kore
 * loads the module: read the environment, register every statement,
 * refuse to start on a database that does not fit this build (migration,
 * api build, a function an endpoint names), create or update the first
 * admin. In each worker: a graceful stop, the database pool. Plus the
 * system calls our libraries need beyond Kore's seccomp defaults.
 */
#include <kore/kore.h>
#include <kore/seccomp.h>

#include <dlfcn.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libpq-fe.h>

#include "jb_config.h"
#include "jb_listen.h"
#include "jb_pubcache.h"
#include "jb_db.h"
#include "jb_docs.h"
#include "jb_drain.h"
#include "jb_http.h"
#include "jb_metrics.h"
#include "jb_password.h"
#include "jb_ratelimit.h"
#include "jb_replica.h"
#include "jb_router.h"

#define STARTUP_TRIES 10

/*
 * Allocations this large are mmap()ed and given back when freed. glibc
 * would otherwise raise its threshold to the largest block freed, and
 * keep the next ones in the heap: each worker held the 19 MiB of an
 * Argon2 hash (and a document upload's 10 MiB) for good.
 */
#define JOBBRO_MMAP_THRESHOLD (1024 * 1024)

void kore_worker_configure(void);
void kore_worker_teardown(void);
void kore_seccomp_hook(void);

static void jobbro_load(void) __attribute__((constructor));
static int jobbro_check_schema(PGconn *);
static int jobbro_bootstrap_admin(PGconn *);
static PGconn *jobbro_connect(void);
static void jobbro_exit(int, void *);
static void jobbro_pin(void);

/* clang-format off */
static struct sock_filter jobbro_filter[] = {
	KORE_SYSCALL_ALLOW(newfstatat),
	KORE_SYSCALL_ALLOW(statx),
	KORE_SYSCALL_ALLOW(getrandom),
	KORE_SYSCALL_ALLOW(futex),
	KORE_SYSCALL_ALLOW(clone3),
	KORE_SYSCALL_ALLOW(rseq),
	KORE_SYSCALL_ALLOW(sched_yield),
	KORE_SYSCALL_ALLOW(sched_getaffinity),
	KORE_SYSCALL_ALLOW(gettid),
	KORE_SYSCALL_ALLOW(tgkill),
	KORE_SYSCALL_ALLOW(rt_sigprocmask),
	KORE_SYSCALL_ALLOW(sigaltstack),
	KORE_SYSCALL_ALLOW(getpeername),
	KORE_SYSCALL_ALLOW(sendmsg),
	KORE_SYSCALL_ALLOW(recvmsg),
	KORE_SYSCALL_ALLOW(uname),
	KORE_SYSCALL_ALLOW(sysinfo),
	KORE_SYSCALL_ALLOW(pread64),
	KORE_SYSCALL_ALLOW(mremap),
	KORE_SYSCALL_ALLOW(prlimit64),
	KORE_SYSCALL_ALLOW(getrusage),
	KORE_SYSCALL_ALLOW(prctl),
	KORE_SYSCALL_ALLOW(ioctl),
	KORE_SYSCALL_ALLOW(pipe2),
	KORE_SYSCALL_ALLOW(getgid),
	KORE_SYSCALL_ALLOW(getegid),
	KORE_SYSCALL_ALLOW(shutdown),
	KORE_SYSCALL_ALLOW(rt_sigaction),
};
/* clang-format on */

/* Kore calls this in each worker as it stops: write the last log lines. */
void
kore_worker_teardown(void)
{
	jb_log_flush();
}

/* Kore calls this in each worker, after privileges were dropped. */
void
kore_worker_configure(void)
{
	(void)mallopt(M_MMAP_THRESHOLD, JOBBRO_MMAP_THRESHOLD);
	jb_metrics_worker_start();
	jb_drain_init();
	jb_db_init(jb_config.database_url, jb_config.db_conns,
	    jb_config.db_prepare);
	jb_pubcache_init((size_t)jb_config.cache_mb * 1024 * 1024);
	if (jb_config.cache_mb > 0)
		jb_listen_init(jb_config.listen_url,
		    jb_config.read_url != NULL);
	if (jb_config.read_url != NULL) {
		jb_db_init_replica(jb_config.read_url, jb_config.db_conns);
		jb_replica_start(jb_config.replica_max_lag);
	}
}

void
kore_seccomp_hook(void)
{
	kore_seccomp_filter("jobbro", jobbro_filter,
	    KORE_FILTER_LEN(jobbro_filter));
}

/*
 * The last act of Kore's parent and workers. Library destructors
 * (p11-kit, pulled in by libpq's GSSAPI) can deadlock on glibc's locale
 * lock under ASan; there is nothing left to flush but stdio, so leave
 * with the same status and without them.
 */
static void
jobbro_exit(int status, void *arg)
{
	(void)fflush(NULL);
	_exit(status);
}

/*
 * Kore dlclose()s the module before a worker exits; jobbro_exit must stay
 * mapped until then, so the module is made undeletable.
 */
static void
jobbro_pin(void)
{
	Dl_info info;

	if (dladdr((void *)jobbro_pin, &info) == 0 || info.dli_fname == NULL ||
	    dlopen(info.dli_fname, RTLD_NOW | RTLD_NOLOAD | RTLD_NODELETE) ==
		NULL) {
		fprintf(stderr, "jobbro: cannot pin the module: %s\n",
		    dlerror());
		exit(1);
	}
}

/* Runs in Kore's parent when the `load` directive opens the module. */
static void
jobbro_load(void)
{
	PGconn *pg;

	setvbuf(stderr, NULL, _IOLBF, 0);
	jobbro_pin();
	(void)on_exit(jobbro_exit, NULL);
	if (jb_config_load() == -1 || jb_docs_init() == -1)
		exit(1);
	if (jb_metrics_init() == -1) {
		fprintf(stderr, "jobbro: cannot map the metrics\n");
		exit(1);
	}
	if (jb_ratelimit_init(&jb_config.rate_limit,
		&jb_config.rate_limit_auth) == -1) {
		fprintf(stderr, "jobbro: cannot map the rate limit table\n");
		exit(1);
	}
	if (jb_password_init() == -1) {
		fprintf(stderr, "jobbro: cannot initialise password hashing\n");
		exit(1);
	}
	if (jb_pubcache_setup() == -1) {
		fprintf(stderr, "jobbro: cannot map the cache's counter\n");
		exit(1);
	}
	if (jb_router_init() == -1)
		exit(1);
	if (jb_config.read_url != NULL && jb_replica_register() == -1) {
		fprintf(stderr,
		    "jobbro: no room for the replica's statements: raise "
		    "JB_DB_STATEMENTS_MAX (include/jb_db.h)\n");
		exit(1);
	}
	if ((pg = jobbro_connect()) == NULL)
		exit(1);
	if (jobbro_check_schema(pg) == -1 ||
	    jb_router_check_functions(pg) == -1 ||
	    jobbro_bootstrap_admin(pg) == -1) {
		PQfinish(pg);
		exit(1);
	}
	PQfinish(pg);
	fprintf(stderr, "jobbro: schema %s ok, starting workers\n",
	    JOBBRO_SCHEMA_VERSION);
}

/* Blocking connect, startup only: a few tries while the database boots. */
static PGconn *
jobbro_connect(void)
{
	PGconn *pg;
	int i;

	(void)setenv("PGCONNECT_TIMEOUT", "5", 0);
	for (i = 0; i < STARTUP_TRIES; i++) {
		pg = PQconnectdb(jb_config.database_url);
		if (PQstatus(pg) == CONNECTION_OK)
			return (pg);
		fprintf(stderr, "jobbro: cannot connect to the database: %s",
		    PQerrorMessage(pg));
		PQfinish(pg);
		sleep(1);
	}
	fprintf(stderr, "jobbro: giving up; is DATABASE_URL right?\n");

	return (NULL);
}

/* The database must have every migration this build knows about. */
static int
jobbro_check_schema(PGconn *pg)
{
	PGresult *res;
	const char *have;
	int ok;

	res = PQexec(pg,
	    "SELECT coalesce(max(version), '0000') "
	    "FROM schema_migrations");
	if (PQresultStatus(res) != PGRES_TUPLES_OK) {
		fprintf(stderr,
		    "jobbro: the database is not migrated (%s); "
		    "run scripts/migrate.sh first\n",
		    PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY));
		PQclear(res);
		return (-1);
	}
	have = PQgetvalue(res, 0, 0);
	ok = strcmp(have, JOBBRO_SCHEMA_VERSION) >= 0;
	if (!ok)
		fprintf(stderr,
		    "jobbro: the database schema is at %s but this "
		    "build needs %s; run scripts/migrate.sh first\n",
		    have, JOBBRO_SCHEMA_VERSION);
	PQclear(res);
	if (!ok)
		return (-1);

	res = PQexec(pg, "SELECT hash FROM schema_api");
	ok = PQresultStatus(res) == PGRES_TUPLES_OK && PQntuples(res) == 1 &&
	    strcmp(PQgetvalue(res, 0, 0), JOBBRO_API_HASH) == 0;
	if (!ok)
		fprintf(stderr,
		    "jobbro: the database's schema api is build %.12s but "
		    "this server was built with %.12s (sql/api); run "
		    "scripts/migrate.sh from this checkout\n",
		    PQresultStatus(res) == PGRES_TUPLES_OK &&
			    PQntuples(res) == 1
			? PQgetvalue(res, 0, 0)
			: "(none)",
		    JOBBRO_API_HASH);
	PQclear(res);

	return (ok ? 0 : -1);
}

/* JOBBRO_ADMIN_EMAIL/PASSWORD: create or update that admin. */
static int
jobbro_bootstrap_admin(PGconn *pg)
{
	PGresult *res;
	const char *email, *password, *params[3];
	char hash[JB_PASSWORD_ENCODED_MAX];
	int ok;

	email = getenv("JOBBRO_ADMIN_EMAIL");
	password = getenv("JOBBRO_ADMIN_PASSWORD");
	if (email == NULL || *email == '\0')
		return (0);
	if (password == NULL || strlen(password) < 10) {
		fprintf(stderr,
		    "jobbro: JOBBRO_ADMIN_PASSWORD must be at "
		    "least 10 characters\n");
		return (-1);
	}
	if (jb_password_hash(password, hash, sizeof(hash)) == -1)
		return (-1);

	params[0] = email;
	params[1] = "Administrator";
	params[2] = hash;
	res = PQexecParams(pg, "SELECT api.bootstrap_admin($1, $2, $3)", 3,
	    NULL, params, NULL, NULL, 0);
	ok = PQresultStatus(res) == PGRES_TUPLES_OK;
	if (!ok)
		fprintf(stderr, "jobbro: cannot create the admin: %s",
		    PQerrorMessage(pg));
	PQclear(res);

	return (ok ? 0 : -1);
}
