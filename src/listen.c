/*
 * listen.c — a worker's own PostgreSQL connection that does nothing but
 * LISTEN jobbro_public, so that the public-read cache (src/cache.c) hears
 * about every change to what it holds, whichever worker or instance made
 * it. Triggers on the tables behind the public job answers and the
 * statistics NOTIFY that channel (migration 0024) with the kind of
 * change; a notification arrives after its transaction committed, and
 * empties this worker's entries of that kind.
 *
 * The cache is live only while this connection is: it goes live when
 * the LISTEN has been acknowledged (anything that commits after that is
 * announced to us), and is emptied and dead from the moment the
 * connection fails until a new LISTEN is acknowledged.
 *
 * With a read replica, a cache miss may be read there, but only from a
 * replica that has replayed everything the last change notice was about:
 * after each notice (and when going live) this connection asks the
 * primary for its WAL insert position, which is past the commit of every
 * change announced so far; jb_listen_lsn() gives it, or NULL while the
 * answer is on its way (then the primary answers misses). Like the pool
 * (src/db.c) it connects with PQconnectStart on Kore's event loop and
 * never blocks; TCP keepalives find a connection that died silently.
 */
#include <sys/epoll.h>

#include <kore/kore.h>

#include <string.h>

#include <libpq-fe.h>

#include "jb_cache.h"
#include "jb_listen.h"
#include "jb_metrics.h"

#define LISTEN_RETRY_MS 250
#define LISTEN_TIMER_MS 100
#define LISTEN_CONNECT_TIMEOUT_MS 2000

enum listen_state {
	LISTEN_DOWN = 0,
	LISTEN_CONNECTING,
	LISTEN_ASKING, /* LISTEN sent, not yet acknowledged */
	LISTEN_LIVE,
};

struct listen_conn {
	struct kore_event evt; /* first: Kore's loop casts to it */
	PGconn *pg;
	int fd;
	enum listen_state state;
	uint64_t since;
	uint64_t retry_at;
	int want_write;
	int want_lsn; /* a replica is configured: track the primary's LSN */
	uint64_t lsn_wanted; /* invalidations that need a fresh LSN */
	uint64_t lsn_asked; /* lsn_wanted when the query in flight was sent */
	int lsn_busy; /* a query is in flight */
	char lsn[32]; /* "" until known for lsn_wanted */
};

static struct listen_conn listen_c;
static char *listen_conninfo;

static void listen_timer(void *, uint64_t);
static void listen_handle(void *, int);
static void listen_connect(void);
static void listen_connect_poll(void);
static void listen_read(void);
static void listen_watch(int);
static void listen_fail(const char *);
static void listen_lsn_ask(void);
static int listen_kind(const char *);
static int listen_lsn_result(void);

/*
 * In each worker: connect and LISTEN (conninfo as for the pool); with
 * want_lsn, also follow the primary's WAL position (a read replica).
 */
void
jb_listen_init(const char *conninfo, int want_lsn)
{
	listen_conninfo = kore_strdup(conninfo);
	listen_c.want_lsn = want_lsn;
	listen_c.evt.type = KORE_TYPE_PGSQL_CONN;
	listen_c.evt.handle = listen_handle;
	listen_c.fd = -1;
	listen_c.state = LISTEN_DOWN;
	jb_cache_set_live(0);
	listen_connect();
	(void)kore_timer_add(listen_timer, LISTEN_TIMER_MS, NULL, 0);
}

/*
 * Take in what the listener's socket already holds, without waiting:
 * called before the cache is read, so that a notice that has arrived is
 * heeded even if the event loop has not come to it yet.
 */
void
jb_listen_poll(void)
{
	if (listen_c.state == LISTEN_LIVE)
		listen_read();
}

/*
 * Something changed (a notice, or a write of this instance): the LSN we
 * had is too old; ask again.
 */
void
jb_listen_changed(void)
{
	listen_c.lsn_wanted++;
	listen_c.lsn[0] = '\0';
	listen_lsn_ask();
}

/*
 * The primary's WAL insert position read after the last change this
 * worker heard of, or NULL while unknown (then read from the primary).
 */
const char *
jb_listen_lsn(void)
{
	if (listen_c.state != LISTEN_LIVE || listen_c.lsn[0] == '\0')
		return (NULL);
	return (listen_c.lsn);
}

/* Is the LISTEN in place (and so the cache usable)? */
int
jb_listen_live(void)
{
	return (listen_c.state == LISTEN_LIVE);
}

static void
listen_timer(void *arg, uint64_t now)
{
	if (listen_c.state == LISTEN_DOWN && now >= listen_c.retry_at)
		listen_connect();
	else if ((listen_c.state == LISTEN_CONNECTING ||
		     listen_c.state == LISTEN_ASKING) &&
	    now - listen_c.since > LISTEN_CONNECT_TIMEOUT_MS)
		listen_fail("connect timeout");
}

static void
listen_handle(void *arg, int err)
{
	listen_c.evt.flags &= ~(KORE_EVENT_READ | KORE_EVENT_WRITE);

	switch (listen_c.state) {
	case LISTEN_DOWN:
		return;
	case LISTEN_CONNECTING:
		listen_connect_poll();
		break;
	case LISTEN_ASKING:
	case LISTEN_LIVE:
		listen_read();
		break;
	}
	if (err && listen_c.state != LISTEN_DOWN)
		listen_fail("connection closed by server");
}

static void
listen_connect(void)
{
	static const char *const keys[] = {"dbname", "application_name",
	    "keepalives", "keepalives_idle", "keepalives_interval",
	    "keepalives_count", NULL};
	const char *values[] = {listen_conninfo, "jobbro-listen", "1", "5", "2",
	    "3", NULL};

	listen_c.since = kore_time_ms();
	listen_c.state = LISTEN_CONNECTING;
	listen_c.pg = PQconnectStartParams(keys, values, 1);
	if (listen_c.pg == NULL || PQstatus(listen_c.pg) == CONNECTION_BAD) {
		listen_fail(
		    listen_c.pg ? PQerrorMessage(listen_c.pg) : "no memory");
		return;
	}
	(void)PQsetnonblocking(listen_c.pg, 1);
	listen_c.fd = PQsocket(listen_c.pg);
	listen_c.want_write = -1;
	listen_watch(1);
}

static void
listen_connect_poll(void)
{
	PostgresPollingStatusType r;

	r = PQconnectPoll(listen_c.pg);
	if (PQsocket(listen_c.pg) != listen_c.fd &&
	    PQsocket(listen_c.pg) != -1) {
		listen_c.fd = PQsocket(listen_c.pg);
		listen_c.want_write = -1;
	}
	switch (r) {
	case PGRES_POLLING_READING:
		listen_watch(0);
		break;
	case PGRES_POLLING_WRITING:
		listen_watch(1);
		break;
	case PGRES_POLLING_OK:
		listen_c.state = LISTEN_ASKING;
		listen_c.since = kore_time_ms();
		if (!PQsendQuery(listen_c.pg, "LISTEN " JB_LISTEN_CHANNEL) ||
		    PQflush(listen_c.pg) == -1) {
			listen_fail(PQerrorMessage(listen_c.pg));
			return;
		}
		listen_watch(0);
		break;
	default:
		listen_fail(PQerrorMessage(listen_c.pg));
		break;
	}
}

/* Take what arrived: LISTEN's acknowledgement, then notifications. */
static void
listen_read(void)
{
	PGnotify *n;
	PGresult *res;
	int changes;

	if (!PQconsumeInput(listen_c.pg)) {
		listen_fail(PQerrorMessage(listen_c.pg));
		return;
	}
	while (listen_c.state == LISTEN_ASKING && !PQisBusy(listen_c.pg)) {
		if ((res = PQgetResult(listen_c.pg)) == NULL) {
			listen_c.state = LISTEN_LIVE;
			jb_cache_set_live(1);
			jb_listen_publish();
			kore_log(LOG_INFO, "cache: listening for changes");
			jb_listen_changed();
			break;
		}
		if (PQresultStatus(res) != PGRES_COMMAND_OK) {
			PQclear(res);
			listen_fail(PQerrorMessage(listen_c.pg));
			return;
		}
		PQclear(res);
	}
	if (listen_c.state == LISTEN_LIVE && !listen_lsn_result())
		return;
	for (changes = 0; (n = PQnotifies(listen_c.pg)) != NULL;) {
		changes |= listen_kind(n->extra);
		PQfreemem(n);
	}
	if (changes != 0) {
		jb_cache_invalidate(changes);
		jb_metrics_cache(JB_METRICS_CACHE_INVALIDATION, 1);
		jb_listen_publish();
		jb_listen_changed();
	}
	if (PQstatus(listen_c.pg) != CONNECTION_OK)
		listen_fail("connection lost");
}

static void
listen_watch(int want_write)
{
	if (listen_c.want_write == want_write)
		return;
	listen_c.want_write = want_write;
	kore_platform_event_schedule(listen_c.fd,
	    EPOLLIN | EPOLLRDHUP | (want_write ? EPOLLOUT : 0), 0, &listen_c);
}

/*
 * What a notice empties (migration 0024): "public", "stats", or anything
 * else (scripts/migrate.sh says "migrate") everything.
 */
static int
listen_kind(const char *payload)
{
	if (strcmp(payload, "public") == 0)
		return (JB_CACHE_PUBLIC);
	if (strcmp(payload, "stats") == 0)
		return (JB_CACHE_STATS);
	return (JB_CACHE_ALL);
}

/* Ask the primary where its WAL is, unless asked already or not needed. */
static void
listen_lsn_ask(void)
{
	if (!listen_c.want_lsn || listen_c.state != LISTEN_LIVE ||
	    listen_c.lsn_busy)
		return;
	if (!PQsendQuery(listen_c.pg,
		"SELECT pg_current_wal_insert_lsn()::text") ||
	    PQflush(listen_c.pg) == -1) {
		listen_fail(PQerrorMessage(listen_c.pg));
		return;
	}
	listen_c.lsn_busy = 1;
	listen_c.lsn_asked = listen_c.lsn_wanted;
}

/*
 * Take the answer to listen_lsn_ask if it is complete; ask again if a
 * change came meanwhile. Returns 0 when the connection failed.
 */
static int
listen_lsn_result(void)
{
	PGresult *res;
	int ok = 1;

	while (listen_c.lsn_busy && !PQisBusy(listen_c.pg)) {
		if ((res = PQgetResult(listen_c.pg)) == NULL) {
			listen_c.lsn_busy = 0;
			break;
		}
		if (PQresultStatus(res) == PGRES_TUPLES_OK &&
		    PQntuples(res) == 1 &&
		    listen_c.lsn_asked == listen_c.lsn_wanted)
			(void)snprintf(listen_c.lsn, sizeof(listen_c.lsn), "%s",
			    PQgetvalue(res, 0, 0));
		else if (PQresultStatus(res) != PGRES_TUPLES_OK)
			ok = 0;
		PQclear(res);
	}
	if (!ok) {
		listen_fail(PQerrorMessage(listen_c.pg));
		return (0);
	}
	if (!listen_c.lsn_busy && listen_c.lsn[0] == '\0')
		listen_lsn_ask();

	return (listen_c.state == LISTEN_LIVE);
}

/* Lost: the cache is dead (and empty) until a new LISTEN is in place. */
static void
listen_fail(const char *why)
{
	/* Say it once, not on every retry while the database is away. */
	if (listen_c.state != LISTEN_CONNECTING)
		kore_log(LOG_WARNING, "cache: change listener lost: %.*s",
		    (int)strcspn(why, "\n"), why);
	jb_cache_set_live(0);
	jb_listen_publish();
	if (listen_c.pg != NULL)
		PQfinish(listen_c.pg);
	listen_c.pg = NULL;
	listen_c.fd = -1;
	listen_c.state = LISTEN_DOWN;
	listen_c.lsn_busy = 0;
	listen_c.lsn[0] = '\0';
	listen_c.retry_at = kore_time_ms() + LISTEN_RETRY_MS;
}

/* Tell /metrics this worker's cache size and whether it is live. */
void
jb_listen_publish(void)
{
	struct jb_cache_stats s;

	jb_cache_stats(&s);
	jb_metrics_cache_size(s.entries, s.bytes, jb_cache_usable());
}
