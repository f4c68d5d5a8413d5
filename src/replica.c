/*
 * replica.c — how far the read replica is behind, watched by each worker
 * without blocking. Every REPLICA_TICK_MS a round asks the primary where
 * its WAL is (pg_current_wal_lsn) and then the replica how far it has
 * replayed and whether it still is a standby (pg_last_wal_replay_lsn,
 * pg_is_in_recovery). The primary's positions are kept with the time
 * each was first seen, so the lag is how long ago the primary first got
 * past what the replica has replayed now: 0 when the replica has replayed
 * everything the primary had at the last look. The replica is usable
 * while it answers, is in recovery and lags at most the configured
 * seconds; the verdict goes to src/db.c (jb_db_replica_set) and /metrics.
 */
#include <kore/kore.h>

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "jb_db.h"
#include "jb_metrics.h"
#include "jb_replica.h"

#define REPLICA_TICK_MS 250
#define REPLICA_ROUND_MS 2000 /* a round still running is given up */
#define REPLICA_STALE_MS 1500 /* no answer from the replica this long */
#define REPLICA_HISTORY 512 /* >= 128 s of positions, one a tick at most */

struct replica_mark {
	uint64_t at; /* ms, first seen */
	uint64_t lsn;
};

static struct replica_mark replica_hist[REPLICA_HISTORY];
static int replica_n;
static uint64_t replica_last_lsn;
static int replica_stmt_primary = -1;
static int replica_stmt_replica = -1;
static struct jb_db_job replica_pjob;
static struct jb_db_job replica_rjob;
static int replica_busy;
static uint64_t replica_round_at;
static uint64_t replica_last_ok;
static uint64_t replica_lag_ms;
static uint64_t replica_max_lag_ms;
static int replica_usable;

static void replica_tick(void *, uint64_t);
static void replica_primary_done(struct jb_db_job *);
static void replica_replica_done(struct jb_db_job *);
static void replica_mark(uint64_t, uint64_t);
static void replica_verdict(int, uint64_t);

/* In Kore's parent: the monitor's statements. -1: no room for them. */
int
jb_replica_register(void)
{
	replica_stmt_primary =
	    jb_db_statement("SELECT pg_current_wal_lsn()::text");
	replica_stmt_replica =
	    jb_db_statement("SELECT pg_last_wal_replay_lsn()::text, "
			    "pg_is_in_recovery()");

	return (
	    replica_stmt_primary == -1 || replica_stmt_replica == -1 ? -1 : 0);
}

/* In a worker, after jb_db_init_replica(): watch, max_lag seconds. */
void
jb_replica_start(int max_lag)
{
	replica_max_lag_ms = (uint64_t)max_lag * 1000;
	replica_verdict(0, 0);
	(void)kore_timer_add(replica_tick, REPLICA_TICK_MS, NULL, 0);
}

/* Parse a pg_lsn ("16/B374D848"). -1 when it is not one. */
int
jb_replica_lsn(const char *s, uint64_t *lsn)
{
	unsigned int hi, lo;
	int n;

	if (s == NULL || sscanf(s, "%X/%X%n", &hi, &lo, &n) != 2 ||
	    s[n] != '\0')
		return (-1);
	*lsn = ((uint64_t)hi << 32) | lo;

	return (0);
}

static void
replica_tick(void *arg, uint64_t now)
{
	if (replica_usable && now - replica_last_ok > REPLICA_STALE_MS)
		replica_verdict(0, replica_lag_ms);
	if (replica_busy) {
		if (now - replica_round_at < REPLICA_ROUND_MS)
			return;
		jb_db_cancel(&replica_pjob);
		jb_db_cancel(&replica_rjob);
		replica_busy = 0;
	}

	jb_db_job_reset(&replica_pjob);
	replica_pjob.stmt = replica_stmt_primary;
	replica_pjob.nparams = 0;
	replica_pjob.pool = JB_DB_PRIMARY;
	replica_pjob.done = replica_primary_done;
	replica_pjob.urgent = 1; /* a busy pool must not age the verdict */
	replica_busy = 1;
	replica_round_at = now;
	if (jb_db_submit(&replica_pjob) == JB_DB_UNAVAILABLE)
		replica_busy = 0;
}

/* The primary's position: note it, then ask the replica. */
static void
replica_primary_done(struct jb_db_job *job)
{
	PGresult *res = job->result;
	uint64_t lsn;

	if (job->status != JB_DB_OK || PQntuples(res) != 1 ||
	    jb_replica_lsn(PQgetvalue(res, 0, 0), &lsn) == -1) {
		replica_busy = 0;
		return;
	}
	replica_mark(kore_time_ms(), lsn);

	jb_db_job_reset(&replica_rjob);
	replica_rjob.stmt = replica_stmt_replica;
	replica_rjob.nparams = 0;
	replica_rjob.pool = JB_DB_REPLICA;
	replica_rjob.done = replica_replica_done;
	replica_rjob.urgent = 1;
	if (jb_db_submit(&replica_rjob) == JB_DB_UNAVAILABLE) {
		replica_busy = 0;
		replica_verdict(0, replica_lag_ms);
	}
}

/* The replica's position: forget what it has, the rest is its lag. */
static void
replica_replica_done(struct jb_db_job *job)
{
	PGresult *res = job->result;
	uint64_t now, replayed;
	int i;

	replica_busy = 0;
	if (job->status != JB_DB_OK || PQntuples(res) != 1 ||
	    PQnfields(res) != 2 || PQgetisnull(res, 0, 0) ||
	    strcmp(PQgetvalue(res, 0, 1), "t") != 0 ||
	    jb_replica_lsn(PQgetvalue(res, 0, 0), &replayed) == -1) {
		replica_verdict(0, replica_lag_ms);
		return;
	}
	now = kore_time_ms();
	replica_last_ok = now;
	for (i = 0; i < replica_n && replica_hist[i].lsn <= replayed; i++)
		;
	if (i > 0) {
		memmove(replica_hist, replica_hist + i,
		    (size_t)(replica_n - i) * sizeof(replica_hist[0]));
		replica_n -= i;
	}
	replica_verdict(1, replica_n > 0 ? now - replica_hist[0].at : 0);
}

/* The primary is at lsn at time now: keep it if it moved on. */
static void
replica_mark(uint64_t now, uint64_t lsn)
{
	if (lsn <= replica_last_lsn)
		return;
	replica_last_lsn = lsn;
	if (replica_n == REPLICA_HISTORY) {
		/* The oldest goes: the lag then reads shorter, yet >= 128 s. */
		memmove(replica_hist, replica_hist + 1,
		    (size_t)(replica_n - 1) * sizeof(replica_hist[0]));
		replica_n--;
	}
	replica_hist[replica_n].at = now;
	replica_hist[replica_n].lsn = lsn;
	replica_n++;
}

/* answering: the replica answered as a standby; lag in ms. */
static void
replica_verdict(int answering, uint64_t lag)
{
	replica_lag_ms = lag;
	replica_usable = answering && lag <= replica_max_lag_ms;
	jb_db_replica_set(replica_usable);
	jb_metrics_replica(1, lag, replica_usable);
}
