/*
 * db.c — PostgreSQL for a Kore worker, without ever blocking it.
 *
 * Each worker keeps a small pool of libpq connections that it opens with
 * PQconnectStart/PQconnectPoll and drives from Kore's epoll loop. When a
 * connection comes up it prepares every registered statement in one
 * round trip (SQL PREPARE), so a request costs one Bind/Execute. Jobs
 * that find no idle connection wait in a FIFO. While the database is
 * down, jobs fail at once (503) instead of piling up, and connections are
 * retried in the background so service resumes by itself.
 *
 * There are two pools of that kind: the primary, and, when
 * JOBBRO_DATABASE_READ_URL is set, a streaming replica (struct db_pool).
 * A job names its pool (jb_db_job.pool); every statement is prepared on
 * both. Whether the replica may be read now is the lag monitor's call
 * (src/replica.c, jb_db_replica_set); db.c only keeps the answer.
 */
#include <sys/epoll.h>
#include <sys/queue.h>

#include <kore/kore.h>
#include <kore/http.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_db.h"
#include "jb_errmap.h"
#include "jb_metrics.h"

#define DB_CONNS_MAX 64
#define DB_QUEUE_MAX 4096
#define DB_QUEUE_TIMEOUT_MS 5000
#define DB_CONNECT_TIMEOUT_MS 800
#define DB_RETRY_MS 250
#define DB_TIMER_MS 100

enum db_state {
	DB_DOWN = 0,
	DB_CONNECTING,
	DB_PREPARING,
	DB_IDLE,
	DB_BUSY,
};

struct db_conn {
	struct kore_event evt; /* first: Kore's loop casts to it */
	PGconn *pg;
	int fd;
	enum db_state state;
	int want_write;
	int watched; /* fd is in Kore's epoll set with want_write */
	uint64_t since;
	struct jb_db_job *job;
	PGresult *first;
	int failed;
	struct db_pool *pool;
};

struct db_pool {
	int id; /* JB_DB_PRIMARY, JB_DB_REPLICA */
	struct db_conn conns[DB_CONNS_MAX];
	int nconns; /* 0: not configured */
	char *conninfo;
	uint64_t retry_at;
	int queue_len;
	TAILQ_HEAD(, jb_db_job) queue;
};

struct db_statement {
	char name[16];
	char *sql;
};

static struct db_statement db_statements[JB_DB_STATEMENTS_MAX];
static int db_nstatements;
static struct db_pool db_pools[2];
static char *db_prepare_sql;
static int db_use_prepared;
static int db_replica_ok;

static void db_pool_init(struct db_pool *, int, const char *, int);
static void db_timer(void *, uint64_t);
static void db_timer_pool(struct db_pool *, uint64_t);
static void db_handle(void *, int);
static void db_pump(struct db_pool *);
static void db_assign(struct db_pool *);
static void db_publish(void);
static void db_connect(struct db_conn *);
static void db_connect_poll(struct db_conn *);
static void db_read(struct db_conn *);
static void db_flush(struct db_conn *);
static void db_run(struct db_conn *, struct jb_db_job *);
static void db_formats(const struct jb_db_job *, int *, int *);
static void db_fail(struct db_conn *, const char *);
static void db_finish(struct jb_db_job *, int, PGresult *);
static void db_watch(struct db_conn *, int);
static void db_dequeue(struct db_pool *, struct jb_db_job *);
static void db_fail_queue(struct db_pool *);
static int db_alive(struct db_pool *);
static int db_count(struct db_pool *, enum db_state);

/*
 * Register a statement before jb_db_init() (in Kore's parent, so that
 * every worker has the same). sql takes its parameters as $1.. with
 * explicit casts. Returns the statement id, or -1 when the table of
 * statements is full (JB_DB_STATEMENTS_MAX).
 */
int
jb_db_statement(const char *sql)
{
	struct db_statement *s;
	int i;

	for (i = 0; i < db_nstatements; i++) {
		if (strcmp(db_statements[i].sql, sql) == 0)
			return (i);
	}
	if (db_nstatements == JB_DB_STATEMENTS_MAX)
		return (-1);

	s = &db_statements[db_nstatements];
	(void)snprintf(s->name, sizeof(s->name), "jb%d", db_nstatements);
	if ((s->sql = strdup(sql)) == NULL)
		return (-1);

	return (db_nstatements++);
}

/*
 * Start the pool: conninfo, connections per worker, and whether to use
 * prepared statements (off behind a transaction-mode pooler).
 */
void
jb_db_init(const char *conninfo, int conns, int prepared)
{
	struct kore_buf buf;
	int i;

	db_use_prepared = prepared;
	kore_buf_init(&buf, 4096);
	kore_buf_appendf(&buf, "SET statement_timeout = '15s';");
	for (i = 0; prepared && i < db_nstatements; i++) {
		kore_buf_appendf(&buf, "PREPARE %s AS %s;",
		    db_statements[i].name, db_statements[i].sql);
	}
	db_prepare_sql = kore_buf_stringify(&buf, NULL);
	db_prepare_sql = kore_strdup(db_prepare_sql);
	kore_buf_cleanup(&buf);

	db_pool_init(&db_pools[JB_DB_PRIMARY], JB_DB_PRIMARY, conninfo, conns);
	db_pools[JB_DB_REPLICA].id = JB_DB_REPLICA;
	TAILQ_INIT(&db_pools[JB_DB_REPLICA].queue);

	(void)kore_timer_add(db_timer, DB_TIMER_MS, NULL, 0);
	db_publish();
}

/*
 * The replica's pool (after jb_db_init): conninfo, connections per
 * worker. Unused until jb_db_replica_set() says it may be read.
 */
void
jb_db_init_replica(const char *conninfo, int conns)
{
	db_pool_init(&db_pools[JB_DB_REPLICA], JB_DB_REPLICA, conninfo, conns);
}

/* The lag monitor's verdict: may reads go to the replica now? */
void
jb_db_replica_set(int usable)
{
	db_replica_ok = usable && db_pools[JB_DB_REPLICA].nconns > 0;
}

/* Is there a replica, answering and close enough behind the primary? */
int
jb_db_replica_usable(void)
{
	return (db_replica_ok);
}

static void
db_pool_init(struct db_pool *p, int id, const char *conninfo, int conns)
{
	int i;

	p->id = id;
	p->conninfo = kore_strdup(conninfo);
	p->nconns =
	    conns < 1 ? 1 : (conns > DB_CONNS_MAX ? DB_CONNS_MAX : conns);
	TAILQ_INIT(&p->queue);
	for (i = 0; i < p->nconns; i++) {
		p->conns[i].evt.type = KORE_TYPE_PGSQL_CONN;
		p->conns[i].evt.handle = db_handle;
		p->conns[i].fd = -1;
		p->conns[i].state = DB_DOWN;
		p->conns[i].pool = p;
	}
}

/*
 * Queue a job on its pool (the primary when it asks for a replica there
 * is none of). Returns JB_DB_PENDING when job->done will be called later
 * (it may also already have been called: check job->status), or
 * JB_DB_UNAVAILABLE when that database is known to be down right now.
 */
int
jb_db_submit(struct jb_db_job *job)
{
	struct db_pool *p;

	p = &db_pools[JB_DB_PRIMARY];
	if (job->pool == JB_DB_REPLICA && db_pools[JB_DB_REPLICA].nconns > 0)
		p = &db_pools[JB_DB_REPLICA];
	job->status = JB_DB_PENDING;
	job->result = NULL;
	job->conn = NULL;
	job->queued_in = p;

	if (p->queue_len >= DB_QUEUE_MAX ||
	    (!db_alive(p) && kore_time_ms() < p->retry_at)) {
		job->status = JB_DB_UNAVAILABLE;
		return (JB_DB_UNAVAILABLE);
	}

	job->queued_at = kore_time_ms();
	job->queued = 1;
	if (job->urgent)
		TAILQ_INSERT_HEAD(&p->queue, job, list);
	else
		TAILQ_INSERT_TAIL(&p->queue, job, list);
	p->queue_len++;
	db_pump(p);

	return (JB_DB_PENDING);
}

/* The owner of job is going away: forget it, wherever it is. */
void
jb_db_cancel(struct jb_db_job *job)
{
	if (job->queued)
		db_dequeue(job->queued_in, job);
	if (job->conn != NULL) {
		job->conn->job = NULL;
		job->conn = NULL;
	}
	jb_db_job_reset(job);
	db_publish();
}

/* Release a finished job's result so the job can be reused. */
void
jb_db_job_reset(struct jb_db_job *job)
{
	if (job->result != NULL)
		PQclear(job->result);
	job->result = NULL;
	job->status = JB_DB_PENDING;
	job->tries = 0;
}

/* The diagnostics of a failed job, for the error map (src/errmap.c). */
void
jb_db_error_info(const struct jb_db_job *job, struct jb_sql_error *e)
{
	const PGresult *r;

	memset(e, 0, sizeof(*e));
	if ((r = job->result) == NULL)
		return;
	e->sqlstate = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	e->message = PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY);
	e->column = PQresultErrorField(r, PG_DIAG_COLUMN_NAME);
	e->constraint = PQresultErrorField(r, PG_DIAG_CONSTRAINT_NAME);
	e->table = PQresultErrorField(r, PG_DIAG_TABLE_NAME);
	e->hint = PQresultErrorField(r, PG_DIAG_MESSAGE_HINT);
}

/* Periodic: connect timeouts, queue timeouts, reconnects. */
static void
db_timer(void *arg, uint64_t now)
{
	db_timer_pool(&db_pools[JB_DB_PRIMARY], now);
	if (db_pools[JB_DB_REPLICA].nconns > 0)
		db_timer_pool(&db_pools[JB_DB_REPLICA], now);
}

static void
db_timer_pool(struct db_pool *p, uint64_t now)
{
	struct jb_db_job *job, *next;
	int i;

	for (i = 0; i < p->nconns; i++) {
		if ((p->conns[i].state == DB_CONNECTING ||
			p->conns[i].state == DB_PREPARING) &&
		    now - p->conns[i].since > DB_CONNECT_TIMEOUT_MS)
			db_fail(&p->conns[i], "connect timeout");
	}

	for (job = TAILQ_FIRST(&p->queue); job != NULL; job = next) {
		next = TAILQ_NEXT(job, list);
		if (now - job->queued_at > DB_QUEUE_TIMEOUT_MS) {
			db_dequeue(p, job);
			db_finish(job, JB_DB_UNAVAILABLE, NULL);
		}
	}

	db_pump(p);
}

/* Kore's event loop calls this for every event on one of our sockets. */
static void
db_handle(void *arg, int err)
{
	struct db_conn *conn = arg;

	conn->evt.flags &= ~(KORE_EVENT_READ | KORE_EVENT_WRITE);

	switch (conn->state) {
	case DB_DOWN:
		return;
	case DB_CONNECTING:
		db_connect_poll(conn);
		break;
	case DB_PREPARING:
	case DB_BUSY:
		if (conn->want_write)
			db_flush(conn);
		if (conn->state != DB_DOWN)
			db_read(conn);
		break;
	case DB_IDLE:
		/* Idle sockets speak only to say goodbye (or NOTIFY). */
		if (!PQconsumeInput(conn->pg) ||
		    PQstatus(conn->pg) != CONNECTION_OK) {
			db_fail(conn, PQerrorMessage(conn->pg));
			return;
		}
		break;
	}

	if (err && conn->state != DB_DOWN)
		db_fail(conn, "connection closed by server");

	db_pump(conn->pool);
}

/* Move the queue on, then tell the metrics how the pool stands. */
static void
db_pump(struct db_pool *p)
{
	db_assign(p);
	db_publish();
}

/* Give waiting jobs to idle connections; open connections as needed. */
static void
db_assign(struct db_pool *p)
{
	struct jb_db_job *job;
	int i, opening, waiting;
	uint64_t now;

	for (i = 0; i < p->nconns && !TAILQ_EMPTY(&p->queue); i++) {
		if (p->conns[i].state != DB_IDLE)
			continue;
		job = TAILQ_FIRST(&p->queue);
		db_dequeue(p, job);
		db_run(&p->conns[i], job);
	}

	if (TAILQ_EMPTY(&p->queue))
		return;

	now = kore_time_ms();
	if (now < p->retry_at) {
		if (!db_alive(p))
			db_fail_queue(p);
		return;
	}

	opening = db_count(p, DB_CONNECTING) + db_count(p, DB_PREPARING);
	waiting = p->queue_len;
	for (i = 0; i < p->nconns && opening < waiting; i++) {
		if (p->conns[i].state != DB_DOWN)
			continue;
		db_connect(&p->conns[i]);
		if (p->conns[i].state != DB_DOWN)
			opening++;
		else
			break;
	}

	if (!db_alive(p))
		db_fail_queue(p);
}

static void
db_connect(struct db_conn *conn)
{
	conn->since = kore_time_ms();
	conn->failed = 0;
	conn->first = NULL;
	conn->pg = PQconnectStart(conn->pool->conninfo);
	if (conn->pg == NULL || PQstatus(conn->pg) == CONNECTION_BAD) {
		conn->state = DB_CONNECTING;
		db_fail(conn,
		    conn->pg ? PQerrorMessage(conn->pg) : "no memory");
		return;
	}
	(void)PQsetnonblocking(conn->pg, 1);
	conn->state = DB_CONNECTING;
	conn->fd = PQsocket(conn->pg);
	conn->watched = 0;
	db_watch(conn, 1);
}

static void
db_connect_poll(struct db_conn *conn)
{
	PostgresPollingStatusType r;

	r = PQconnectPoll(conn->pg);
	if (PQsocket(conn->pg) != conn->fd && PQsocket(conn->pg) != -1) {
		/* libpq moved to a new socket (e.g. after an SSL refusal). */
		conn->fd = PQsocket(conn->pg);
		conn->watched = 0;
		db_watch(conn, r == PGRES_POLLING_WRITING);
	}

	switch (r) {
	case PGRES_POLLING_READING:
		db_watch(conn, 0);
		break;
	case PGRES_POLLING_WRITING:
		db_watch(conn, 1);
		break;
	case PGRES_POLLING_OK:
		conn->state = DB_PREPARING;
		conn->since = kore_time_ms();
		if (!PQsendQuery(conn->pg, db_prepare_sql)) {
			db_fail(conn, PQerrorMessage(conn->pg));
			return;
		}
		db_flush(conn);
		break;
	default:
		db_fail(conn, PQerrorMessage(conn->pg));
		break;
	}
}

/* Read what the server sent; finish the job once all results are in. */
static void
db_read(struct db_conn *conn)
{
	struct jb_db_job *job;
	PGresult *res;

	if (!PQconsumeInput(conn->pg)) {
		db_fail(conn, PQerrorMessage(conn->pg));
		return;
	}

	while (!PQisBusy(conn->pg)) {
		if ((res = PQgetResult(conn->pg)) == NULL)
			break;
		if (PQresultStatus(res) != PGRES_TUPLES_OK &&
		    PQresultStatus(res) != PGRES_COMMAND_OK)
			conn->failed = 1;
		if (conn->first == NULL && conn->state == DB_BUSY)
			conn->first = res;
		else
			PQclear(res);
	}
	if (PQisBusy(conn->pg))
		return;

	if (conn->state == DB_PREPARING) {
		if (conn->failed) {
			kore_log(LOG_ERR,
			    "db: preparing statements failed; "
			    "is the database migrated?");
			conn->pool->retry_at = kore_time_ms() + 5000;
			db_fail(conn, "prepare failed");
			return;
		}
		conn->state = DB_IDLE;
		return;
	}

	/* Free the connection first: done() may submit the next job. */
	conn->state = DB_IDLE;
	res = conn->first;
	conn->first = NULL;
	job = conn->job;
	conn->job = NULL;
	if (job != NULL) {
		job->conn = NULL;
		db_finish(job, conn->failed ? JB_DB_ERROR : JB_DB_OK, res);
	} else if (res != NULL) {
		PQclear(res);
	}
}

static void
db_flush(struct db_conn *conn)
{
	int r;

	if ((r = PQflush(conn->pg)) == -1) {
		db_fail(conn, PQerrorMessage(conn->pg));
		return;
	}
	db_watch(conn, r == 1);
}

static void
db_run(struct db_conn *conn, struct jb_db_job *job)
{
	struct db_statement *s;
	int lengths[JB_DB_PARAMS_MAX], formats[JB_DB_PARAMS_MAX];
	int ok;

	s = &db_statements[job->stmt];
	conn->job = job;
	conn->first = NULL;
	conn->failed = 0;
	conn->state = DB_BUSY;
	conn->since = kore_time_ms();
	job->conn = conn;
	if (job->tries == 0 && conn->pool->id == JB_DB_PRIMARY)
		jb_metrics_db_wait(conn->since - job->queued_at);
	job->tries++;

	db_formats(job, lengths, formats);
	if (db_use_prepared)
		ok = PQsendQueryPrepared(conn->pg, s->name, job->nparams,
		    job->params, lengths, formats, job->binary);
	else
		ok = PQsendQueryParams(conn->pg, s->sql, job->nparams, NULL,
		    job->params, lengths, formats, job->binary);
	if (!ok) {
		db_fail(conn, PQerrorMessage(conn->pg));
		return;
	}
	db_flush(conn);
}

/*
 * Text params, but a job's blob (its last param, blob_len bytes) is sent
 * as binary: a file goes to PostgreSQL as it is, no escaping.
 */
static void
db_formats(const struct jb_db_job *job, int *lengths, int *formats)
{
	int i;

	for (i = 0; i < job->nparams && i < JB_DB_PARAMS_MAX; i++) {
		lengths[i] = 0;
		formats[i] = 0;
	}
	if (job->blob_len > 0 && job->nparams > 0) {
		lengths[job->nparams - 1] = job->blob_len;
		formats[job->nparams - 1] = 1;
	}
}

/*
 * A connection broke. Its job is retried once on a fresh connection if it
 * is idempotent (a stale connection after a database restart), else it
 * fails with 503.
 */
static void
db_fail(struct db_conn *conn, const char *why)
{
	struct db_pool *p = conn->pool;
	struct jb_db_job *job;
	enum db_state was;

	/* why may live inside conn->pg: log it before PQfinish(). */
	kore_log(LOG_WARNING, "db: %s connection lost: %.*s",
	    p->id == JB_DB_REPLICA ? "replica" : "primary",
	    (int)strcspn(why, "\n"), why);

	was = conn->state;
	job = conn->job;
	conn->job = NULL;
	if (conn->first != NULL)
		PQclear(conn->first);
	conn->first = NULL;
	if (conn->pg != NULL)
		PQfinish(conn->pg);
	conn->pg = NULL;
	conn->fd = -1;
	conn->state = DB_DOWN;
	conn->want_write = 0;
	conn->watched = 0;

	if (was == DB_CONNECTING || was == DB_PREPARING) {
		if (p->id == JB_DB_PRIMARY)
			jb_metrics_db_connect_failed();
		if (p->retry_at < kore_time_ms() + DB_RETRY_MS)
			p->retry_at = kore_time_ms() + DB_RETRY_MS;
	}
	if (job != NULL) {
		job->conn = NULL;
		if (job->idempotent && job->tries < 2) {
			job->queued = 1;
			TAILQ_INSERT_HEAD(&p->queue, job, list);
			p->queue_len++;
		} else {
			db_finish(job, JB_DB_UNAVAILABLE, NULL);
		}
	}
}

static void
db_finish(struct jb_db_job *job, int status, PGresult *res)
{
	job->status = status;
	job->result = res;
	if (job->done != NULL)
		job->done(job);
}

/*
 * Watch the socket for reading, and for writing while want_write. Each
 * change costs epoll_ctl() calls, so only changes are made.
 */
static void
db_watch(struct db_conn *conn, int want_write)
{
	if (conn->watched && conn->want_write == want_write)
		return;
	conn->want_write = want_write;
	conn->watched = 1;
	kore_platform_event_schedule(conn->fd,
	    EPOLLIN | EPOLLRDHUP | (want_write ? EPOLLOUT : 0), 0, conn);
}

static void
db_dequeue(struct db_pool *p, struct jb_db_job *job)
{
	TAILQ_REMOVE(&p->queue, job, list);
	job->queued = 0;
	p->queue_len--;
}

/* Nothing can reach the database: everyone waiting gets a 503 now. */
static void
db_fail_queue(struct db_pool *p)
{
	struct jb_db_job *job;

	while ((job = TAILQ_FIRST(&p->queue)) != NULL) {
		db_dequeue(p, job);
		db_finish(job, JB_DB_UNAVAILABLE, NULL);
	}
}

/* Is any connection up or on its way up? */
static int
db_alive(struct db_pool *p)
{
	return (db_count(p, DB_DOWN) < p->nconns);
}

/*
 * This worker's primary pool for /metrics: open (ready, statements
 * prepared), in use, jobs waiting, statements prepared over the open
 * connections. The replica's pool is not in these gauges; its use shows
 * in jobbro_replica_reads_total.
 */
static void
db_publish(void)
{
	struct db_pool *p = &db_pools[JB_DB_PRIMARY];
	int busy, open;

	busy = db_count(p, DB_BUSY);
	open = db_count(p, DB_IDLE) + busy;
	jb_metrics_db_pool(p->nconns, open, busy, p->queue_len,
	    db_use_prepared ? open * db_nstatements : 0);
}

static int
db_count(struct db_pool *p, enum db_state state)
{
	int i, n;

	for (i = 0, n = 0; i < p->nconns; i++) {
		if (p->conns[i].state == state)
			n++;
	}
	return (n);
}
