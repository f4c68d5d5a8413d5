/*
 * jb_db.h — the one door to PostgreSQL: a per-worker pool of asynchronous
 * libpq connections on Kore's event loop, named statements prepared once
 * per connection, and a FIFO of requests waiting for a connection.
 * Two such pools: the primary and, when configured, a read replica.
 */
#ifndef JB_DB_H
#define JB_DB_H

#include <sys/queue.h>

#include <stdint.h>

#include <libpq-fe.h>

#define JB_DB_PARAMS_MAX 6

/* jb_db_job.status */
#define JB_DB_PENDING 0
#define JB_DB_OK 1 /* statement ran: rows in result */
#define JB_DB_ERROR 2 /* statement failed: error in result */
#define JB_DB_UNAVAILABLE 3 /* no database now: answer 503 */

/* jb_db_job.pool */
#define JB_DB_PRIMARY 0
#define JB_DB_REPLICA 1 /* the primary when there is no replica */

struct db_conn;
struct db_pool;

struct jb_db_job {
	/* Set by the caller. */
	int stmt;
	int nparams;
	const char *params[JB_DB_PARAMS_MAX];
	int idempotent; /* may be retried once */
	void (*done)(struct jb_db_job *);
	void *arg;
	int pool; /* JB_DB_PRIMARY, JB_DB_REPLICA */
	int urgent; /* queued first (the replica's lag monitor) */
	int blob_len; /* > 0: the last param is that many bytes (binary) */
	int binary; /* results in binary format (a file's bytes) */

	/* Set by the pool. */
	int status;
	PGresult *result;

	TAILQ_ENTRY(jb_db_job) list;
	struct db_conn *conn;
	struct db_pool *queued_in;
	uint64_t queued_at;
	int tries;
	int queued;
};

#ifndef JB_DB_STATEMENTS_MAX
#define JB_DB_STATEMENTS_MAX 128
#endif

struct jb_sql_error;

int jb_db_statement(const char *);
void jb_db_init(const char *, int, int);
void jb_db_init_replica(const char *, int);
void jb_db_replica_set(int);
int jb_db_replica_usable(void);
int jb_db_submit(struct jb_db_job *);
void jb_db_cancel(struct jb_db_job *);
void jb_db_job_reset(struct jb_db_job *);
void jb_db_error_info(const struct jb_db_job *, struct jb_sql_error *);

#endif
