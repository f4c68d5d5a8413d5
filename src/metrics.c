/*
 * metrics.c — what /metrics shows, in the Prometheus text format:
 * requests and their latency by method and route (a CORS preflight under
 * its route, method OPTIONS), requests in flight, the database pool and
 * the wait for a connection, Argon2 tasks, the public-read cache,
 * database trouble, the read replica (its lag, whether it is used, where
 * eligible reads went) and the build.
 *
 * Everything lives in one shared anonymous mapping made by Kore's parent
 * before it forks, so every worker adds to the same numbers and a scrape
 * that lands on any worker sees them all. Counters are atomic adds. A
 * worker's own state (in flight, its pool, its Argon2 tasks) is a gauge
 * in its slot (by Kore's worker id), shown per worker (jobbro_worker_*,
 * label worker) and summed for the node (jobbro_*); a slot is zeroed when
 * its worker starts. Nothing takes a lock: a scrape never blocks a
 * worker, and it reads each series' _count from its own buckets.
 *
 * The router names the endpoints (jb_metrics_label) before the workers
 * fork; each distinct route also gets a series for its preflights.
 */
#include <sys/mman.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>
#include <kore/http.h>

#include "jb_metrics.h"
#include "jb_prom.h"

#ifndef JOBBRO_VERSION
#define JOBBRO_VERSION "0.0.0"
#endif
#ifndef JOBBRO_COMMIT
#define JOBBRO_COMMIT "unknown"
#endif

#define METRICS_CLASSES 5 /* 1xx..5xx */
/* Endpoints, then one OPTIONS series per route, then the unmatched. */
#define METRICS_SERIES (2 * JB_METRICS_ENDPOINTS + 1)
#define METRICS_UNMATCHED (2 * JB_METRICS_ENDPOINTS)
#define METRICS_WORKERS 256 /* Kore's worker ids are 1..255 */

static const double metrics_bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
    0.5, 1, 2.5, 5};
#define METRICS_BUCKETS (sizeof(metrics_bounds) / sizeof(metrics_bounds[0]))

static const double metrics_wait_bounds[] = {0.001, 0.005, 0.01, 0.025, 0.05,
    0.1, 0.25, 0.5, 1, 2.5, 5};
#define METRICS_WAIT_BUCKETS \
	(sizeof(metrics_wait_bounds) / sizeof(metrics_wait_bounds[0]))

/* A worker's gauges, by index into struct metrics_worker's g[]. */
enum {
	G_IN_FLIGHT,
	G_POOL_MAX,
	G_POOL_OPEN,
	G_POOL_IN_USE,
	G_POOL_WAITING,
	G_PREPARED,
	G_ARGON2_QUEUED,
	G_ARGON2_RUNNING,
	G_CACHE_ENTRIES,
	G_CACHE_BYTES,
	G_CACHE_LIVE,
	G_COUNT
};

static const struct {
	const char *name; /* after jobbro_ or jobbro_worker_ */
	const char *help;
} metrics_gauges[G_COUNT] = {
    [G_IN_FLIGHT] = {"requests_in_flight",
	"Requests accepted and not yet answered (a scrape counts itself)."},
    [G_POOL_MAX] = {"db_pool_connections_max",
	"Database connections the pool may open."},
    [G_POOL_OPEN] = {"db_pool_connections_open",
	"Database connections open and ready (statements prepared)."},
    [G_POOL_IN_USE] = {"db_pool_connections_in_use",
	"Database connections running a statement."},
    [G_POOL_WAITING] = {"db_pool_waiting",
	"Statements waiting for a free database connection."},
    [G_PREPARED] = {"db_prepared_statements",
	"Prepared statements, over all open connections."},
    [G_ARGON2_QUEUED] = {"argon2_tasks_queued",
	"Argon2 password tasks waiting for a task thread."},
    [G_ARGON2_RUNNING] = {"argon2_tasks_running",
	"Argon2 password tasks being computed."},
    [G_CACHE_ENTRIES] = {"cache_entries", "Answers in the public-read cache."},
    [G_CACHE_BYTES] = {"cache_bytes",
	"Bytes the public-read cache holds (JOBBRO_CACHE_MB bounds each "
	"worker's)."},
    [G_CACHE_LIVE] = {"cache_live",
	"1 while the cache listens for changes (and so is used)."},
};

static const struct {
	const char *name; /* jobbro_cache_<name>_total */
	const char *help;
} metrics_cache_events[JB_METRICS_CACHE_EVENTS] = {
    [JB_METRICS_CACHE_HIT] = {"hits",
	"Anonymous public reads answered from the cache."},
    [JB_METRICS_CACHE_MISS] = {"misses",
	"Anonymous public reads the cache did not have (asked PostgreSQL)."},
    [JB_METRICS_CACHE_STORE] = {"stores", "Answers put in the cache."},
    [JB_METRICS_CACHE_EVICTION] = {"evictions",
	"Answers dropped to stay within JOBBRO_CACHE_MB."},
    [JB_METRICS_CACHE_INVALIDATION] = {"invalidations",
	"Times a change notice emptied a worker's cache."},
};

struct metrics_series {
	uint64_t classes[METRICS_CLASSES];
	uint64_t buckets[METRICS_BUCKETS + 1];
	uint64_t ms_sum;
};

struct metrics_worker {
	uint64_t started;
	uint64_t g[G_COUNT];
	uint64_t cache[JB_METRICS_CACHE_EVENTS]; /* since the worker started */
};

struct metrics_shared {
	struct metrics_series series[METRICS_SERIES];
	struct metrics_worker workers[METRICS_WORKERS];
	uint64_t wait_buckets[METRICS_WAIT_BUCKETS + 1];
	uint64_t wait_ms_sum;
	uint64_t argon2_done[2]; /* hash, verify */
	uint64_t db_unavailable;
	uint64_t db_connect_failed;
	uint64_t cache[JB_METRICS_CACHE_EVENTS];
	uint64_t replica_configured;
	uint64_t replica_lag_ms; /* the last monitor round of any worker */
	uint64_t replica_usable;
	uint64_t replica_reads[JB_REPLICA_OUTCOMES];
};

static struct metrics_shared *metrics;
/* Set in the parent before the fork, read-only after. */
static const char *metrics_labels[METRICS_SERIES][2]; /* method, route */
static int metrics_options[JB_METRICS_ENDPOINTS]; /* endpoint: its route's */
static int metrics_routes;

static struct metrics_worker *metrics_me(void);
static size_t metrics_bucket(const double *, size_t, uint64_t);
static void metrics_render_requests(struct kore_buf *);
static void metrics_render_latency(struct kore_buf *);
static void metrics_render_gauges(struct kore_buf *);
static void metrics_render_rest(struct kore_buf *);
static void metrics_render_cache(struct kore_buf *);
static void metrics_render_replica(struct kore_buf *);
static void metrics_histogram(struct kore_buf *, const char *, const char *,
    const double *, size_t, const uint64_t *, uint64_t);
static void metrics_add(uint64_t *, uint64_t);
static void metrics_sub(uint64_t *, uint64_t);
static void metrics_set(uint64_t *, uint64_t);
static uint64_t metrics_get(const uint64_t *);

/* In Kore's parent, before the workers fork. */
int
jb_metrics_init(void)
{
	void *p;

	p = mmap(NULL, sizeof(*metrics), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (-1);
	metrics = p;
	metrics_labels[METRICS_UNMATCHED][0] = "";
	metrics_labels[METRICS_UNMATCHED][1] = "unmatched";

	return (0);
}

/*
 * Name endpoint index (parent, before the workers fork); the first
 * endpoint of a route also names the route's OPTIONS series. Returns -1
 * when the index does not fit: JB_METRICS_ENDPOINTS is too small.
 */
int
jb_metrics_label(int endpoint, const char *method, const char *route)
{
	int i;

	if (endpoint < 0 || endpoint >= JB_METRICS_ENDPOINTS)
		return (-1);
	metrics_labels[endpoint][0] = method;
	metrics_labels[endpoint][1] = route;

	for (i = 0; i < endpoint; i++) {
		if (metrics_labels[i][1] != NULL &&
		    strcmp(metrics_labels[i][1], route) == 0) {
			metrics_options[endpoint] = metrics_options[i];
			return (0);
		}
	}
	/* Routes never outnumber endpoints: this always fits. */
	metrics_options[endpoint] = JB_METRICS_ENDPOINTS + metrics_routes++;
	metrics_labels[metrics_options[endpoint]][0] = "OPTIONS";
	metrics_labels[metrics_options[endpoint]][1] = route;

	return (0);
}

/* In each worker as it starts: its gauges from zero. */
void
jb_metrics_worker_start(void)
{
	struct metrics_worker *w;
	int i;

	if ((w = metrics_me()) == NULL)
		return;
	for (i = 0; i < G_COUNT; i++)
		metrics_set(&w->g[i], 0);
	for (i = 0; i < JB_METRICS_CACHE_EVENTS; i++)
		metrics_set(&w->cache[i], 0);
	metrics_set(&w->started, 1);
}

/*
 * One answered request: endpoint index (-1: unmatched), the request's
 * method (OPTIONS: a preflight of the endpoint's route), status, ms.
 */
void
jb_metrics_request(int endpoint, int method, int status, uint64_t ms)
{
	struct metrics_series *s;
	int class, i;

	if (metrics == NULL)
		return;
	if (endpoint < 0 || endpoint >= JB_METRICS_ENDPOINTS ||
	    metrics_labels[endpoint][1] == NULL)
		i = METRICS_UNMATCHED;
	else if (method == HTTP_METHOD_OPTIONS)
		i = metrics_options[endpoint];
	else
		i = endpoint;
	s = &metrics->series[i];
	class = status / 100 - 1;
	if (class < 0 || class >= METRICS_CLASSES)
		class = METRICS_CLASSES - 1;

	metrics_add(&s->classes[class], 1);
	metrics_add(&s->ms_sum, ms);
	metrics_add(&s->buckets[metrics_bucket(metrics_bounds, METRICS_BUCKETS,
			ms)],
	    1);
}

/* This worker's requests in flight (src/drain.c). */
void
jb_metrics_in_flight(int n)
{
	struct metrics_worker *w;

	if ((w = metrics_me()) != NULL)
		metrics_set(&w->g[G_IN_FLIGHT], n < 0 ? 0 : (uint64_t)n);
}

/* This worker's pool (src/db.c). */
void
jb_metrics_db_pool(int max, int open, int in_use, int waiting, int prepared)
{
	struct metrics_worker *w;

	if ((w = metrics_me()) == NULL)
		return;
	metrics_set(&w->g[G_POOL_MAX], (uint64_t)max);
	metrics_set(&w->g[G_POOL_OPEN], (uint64_t)open);
	metrics_set(&w->g[G_POOL_IN_USE], (uint64_t)in_use);
	metrics_set(&w->g[G_POOL_WAITING], (uint64_t)waiting);
	metrics_set(&w->g[G_PREPARED], (uint64_t)prepared);
}

/* A statement waited ms from its submission for a connection. */
void
jb_metrics_db_wait(uint64_t ms)
{
	if (metrics == NULL)
		return;
	metrics_add(&metrics->wait_ms_sum, ms);
	metrics_add(&metrics->wait_buckets[metrics_bucket(metrics_wait_bounds,
			METRICS_WAIT_BUCKETS, ms)],
	    1);
}

/* An Argon2 task was handed to Kore's task threads. */
void
jb_metrics_argon2_queued(void)
{
	struct metrics_worker *w;

	if ((w = metrics_me()) != NULL)
		metrics_add(&w->g[G_ARGON2_QUEUED], 1);
}

/* A task thread took an Argon2 task up (in that thread). */
void
jb_metrics_argon2_started(void)
{
	struct metrics_worker *w;

	if ((w = metrics_me()) == NULL)
		return;
	metrics_sub(&w->g[G_ARGON2_QUEUED], 1);
	metrics_add(&w->g[G_ARGON2_RUNNING], 1);
}

/* The task is done (in its thread); verify: it checked a password. */
void
jb_metrics_argon2_done(int verify)
{
	struct metrics_worker *w;

	if ((w = metrics_me()) != NULL)
		metrics_sub(&w->g[G_ARGON2_RUNNING], 1);
	if (metrics != NULL)
		metrics_add(&metrics->argon2_done[verify ? 1 : 0], 1);
}

void
jb_metrics_db_unavailable(void)
{
	if (metrics != NULL)
		metrics_add(&metrics->db_unavailable, 1);
}

void
jb_metrics_db_connect_failed(void)
{
	if (metrics != NULL)
		metrics_add(&metrics->db_connect_failed, 1);
}

/* n cache events of kind event (JB_METRICS_CACHE_*) in this worker. */
void
jb_metrics_cache(int event, uint64_t n)
{
	struct metrics_worker *w;

	if (metrics == NULL || event < 0 || event >= JB_METRICS_CACHE_EVENTS)
		return;
	metrics_add(&metrics->cache[event], n);
	if ((w = metrics_me()) != NULL)
		metrics_add(&w->cache[event], n);
}

/* This worker's cache: its size and whether it is live. */
void
jb_metrics_cache_size(uint64_t entries, uint64_t bytes, int live)
{
	struct metrics_worker *w;

	if ((w = metrics_me()) == NULL)
		return;
	metrics_set(&w->g[G_CACHE_ENTRIES], entries);
	metrics_set(&w->g[G_CACHE_BYTES], bytes);
	metrics_set(&w->g[G_CACHE_LIVE], live != 0);
}

/*
 * A lag monitor round (src/replica.c): the replica's lag in ms and
 * whether reads may go there. Every worker watches the same replica; the
 * last round of any of them is shown.
 */
void
jb_metrics_replica(int configured, uint64_t lag_ms, int usable)
{
	if (metrics == NULL)
		return;
	metrics_set(&metrics->replica_configured, configured ? 1 : 0);
	metrics_set(&metrics->replica_lag_ms, lag_ms);
	metrics_set(&metrics->replica_usable, usable ? 1 : 0);
}

/* A read that could go to the replica was answered (JB_REPLICA_*). */
void
jb_metrics_replica_read(int outcome)
{
	if (metrics != NULL && outcome >= 0 && outcome < JB_REPLICA_OUTCOMES)
		metrics_add(&metrics->replica_reads[outcome], 1);
}

/* Append every metric to buf. Returns -1 before jb_metrics_init(). */
int
jb_metrics_render(struct kore_buf *buf)
{
	if (metrics == NULL)
		return (-1);
	metrics_render_requests(buf);
	metrics_render_latency(buf);
	metrics_render_gauges(buf);
	metrics_render_cache(buf);
	metrics_render_rest(buf);

	return (0);
}

/* This worker's slot; NULL in the parent or before jb_metrics_init(). */
static struct metrics_worker *
metrics_me(void)
{
	if (metrics == NULL || worker == NULL || worker->id >= METRICS_WORKERS)
		return (NULL);
	return (&metrics->workers[worker->id]);
}

/* The bucket of ms among bounds (in seconds); n: above them all. */
static size_t
metrics_bucket(const double *bounds, size_t n, uint64_t ms)
{
	size_t b;

	for (b = 0; b < n; b++) {
		if ((double)ms / 1000.0 <= bounds[b])
			break;
	}
	return (b);
}

static void
metrics_render_requests(struct kore_buf *buf)
{
	uint64_t n;
	int i, c;

	kore_buf_appendf(buf,
	    "# HELP jobbro_http_requests_total "
	    "Requests answered, by method, route and status class.\n"
	    "# TYPE jobbro_http_requests_total counter\n");
	for (i = 0; i < METRICS_SERIES; i++) {
		if (metrics_labels[i][1] == NULL)
			continue;
		for (c = 0; c < METRICS_CLASSES; c++) {
			n = metrics_get(&metrics->series[i].classes[c]);
			if (n == 0)
				continue;
			kore_buf_appendf(buf,
			    "jobbro_http_requests_total{method=\"%s\","
			    "route=\"%s\",code=\"%dxx\"} %llu\n",
			    metrics_labels[i][0], metrics_labels[i][1], c + 1,
			    (unsigned long long)n);
		}
	}
}

/* A histogram per method and route that has answered anything. */
static void
metrics_render_latency(struct kore_buf *buf)
{
	uint64_t counts[METRICS_BUCKETS + 1], total;
	char labels[256];
	size_t b;
	int i;

	kore_buf_appendf(buf,
	    "# HELP jobbro_request_duration_seconds "
	    "Time from routing to answer, by method and route.\n"
	    "# TYPE jobbro_request_duration_seconds histogram\n");
	for (i = 0; i < METRICS_SERIES; i++) {
		if (metrics_labels[i][1] == NULL)
			continue;
		for (b = 0, total = 0; b <= METRICS_BUCKETS; b++) {
			counts[b] = metrics_get(&metrics->series[i].buckets[b]);
			total += counts[b];
		}
		if (total == 0)
			continue;
		(void)snprintf(labels, sizeof(labels),
		    "method=\"%s\",route=\"%s\"", metrics_labels[i][0],
		    metrics_labels[i][1]);
		metrics_histogram(buf, "jobbro_request_duration_seconds",
		    labels, metrics_bounds, METRICS_BUCKETS, counts,
		    metrics_get(&metrics->series[i].ms_sum));
	}
}

/*
 * Each worker gauge: the node's total, then per worker, from one
 * snapshot so that they add up (static: only the event loop renders).
 */
static void
metrics_render_gauges(struct kore_buf *buf)
{
	static uint64_t snap[METRICS_WORKERS][G_COUNT];
	static int live[METRICS_WORKERS];
	uint64_t total;
	int g, w;

	for (w = 0; w < METRICS_WORKERS; w++) {
		live[w] = metrics_get(&metrics->workers[w].started) != 0;
		for (g = 0; live[w] && g < G_COUNT; g++)
			snap[w][g] = metrics_get(&metrics->workers[w].g[g]);
	}
	for (g = 0; g < G_COUNT; g++) {
		for (w = 0, total = 0; w < METRICS_WORKERS; w++)
			total += live[w] ? snap[w][g] : 0;
		kore_buf_appendf(buf,
		    "# HELP jobbro_%s %s Sum over the workers.\n"
		    "# TYPE jobbro_%s gauge\n"
		    "jobbro_%s %llu\n",
		    metrics_gauges[g].name, metrics_gauges[g].help,
		    metrics_gauges[g].name, metrics_gauges[g].name,
		    (unsigned long long)total);
	}
	for (g = 0; g < G_COUNT; g++) {
		kore_buf_appendf(buf,
		    "# HELP jobbro_worker_%s %s By worker.\n"
		    "# TYPE jobbro_worker_%s gauge\n",
		    metrics_gauges[g].name, metrics_gauges[g].help,
		    metrics_gauges[g].name);
		for (w = 0; w < METRICS_WORKERS; w++) {
			if (!live[w])
				continue;
			kore_buf_appendf(buf,
			    "jobbro_worker_%s{worker=\"%d\"} %llu\n",
			    metrics_gauges[g].name, w,
			    (unsigned long long)snap[w][g]);
		}
	}
}

/*
 * The cache's counters: for the node (never reset while Kore runs), and
 * by worker (since that worker started).
 */
static void
metrics_render_cache(struct kore_buf *buf)
{
	const char *name;
	int e, w;

	for (e = 0; e < JB_METRICS_CACHE_EVENTS; e++) {
		name = metrics_cache_events[e].name;
		kore_buf_appendf(buf,
		    "# HELP jobbro_cache_%s_total %s\n"
		    "# TYPE jobbro_cache_%s_total counter\n"
		    "jobbro_cache_%s_total %llu\n"
		    "# HELP jobbro_worker_cache_%s_total %s By worker.\n"
		    "# TYPE jobbro_worker_cache_%s_total counter\n",
		    name, metrics_cache_events[e].help, name, name,
		    (unsigned long long)metrics_get(&metrics->cache[e]), name,
		    metrics_cache_events[e].help, name);
		for (w = 0; w < METRICS_WORKERS; w++) {
			if (metrics_get(&metrics->workers[w].started) == 0)
				continue;
			kore_buf_appendf(buf,
			    "jobbro_worker_cache_%s_total{worker=\"%d\"} "
			    "%llu\n",
			    name, w,
			    (unsigned long long)metrics_get(
				&metrics->workers[w].cache[e]));
		}
	}
}

/* The wait for a connection, Argon2 tasks, trouble, the build. */
static void
metrics_render_rest(struct kore_buf *buf)
{
	uint64_t counts[METRICS_WAIT_BUCKETS + 1];
	char version[64], commit[64], kore[64];
	size_t b;

	kore_buf_appendf(buf,
	    "# HELP jobbro_db_wait_seconds Time from a statement's "
	    "submission until a database connection takes it up.\n"
	    "# TYPE jobbro_db_wait_seconds histogram\n");
	for (b = 0; b <= METRICS_WAIT_BUCKETS; b++)
		counts[b] = metrics_get(&metrics->wait_buckets[b]);
	metrics_histogram(buf, "jobbro_db_wait_seconds", "",
	    metrics_wait_bounds, METRICS_WAIT_BUCKETS, counts,
	    metrics_get(&metrics->wait_ms_sum));

	kore_buf_appendf(buf,
	    "# HELP jobbro_argon2_tasks_total Argon2 password tasks "
	    "done, by operation.\n"
	    "# TYPE jobbro_argon2_tasks_total counter\n"
	    "jobbro_argon2_tasks_total{op=\"hash\"} %llu\n"
	    "jobbro_argon2_tasks_total{op=\"verify\"} %llu\n",
	    (unsigned long long)metrics_get(&metrics->argon2_done[0]),
	    (unsigned long long)metrics_get(&metrics->argon2_done[1]));

	kore_buf_appendf(buf,
	    "# HELP jobbro_db_unavailable_total Requests answered 503 "
	    "because the database was unreachable.\n"
	    "# TYPE jobbro_db_unavailable_total counter\n"
	    "jobbro_db_unavailable_total %llu\n"
	    "# HELP jobbro_db_connect_failures_total Failed connection "
	    "attempts to the database.\n"
	    "# TYPE jobbro_db_connect_failures_total counter\n"
	    "jobbro_db_connect_failures_total %llu\n",
	    (unsigned long long)metrics_get(&metrics->db_unavailable),
	    (unsigned long long)metrics_get(&metrics->db_connect_failed));

	metrics_render_replica(buf);

	(void)jb_prom_escape(JOBBRO_VERSION, version, sizeof(version));
	(void)jb_prom_escape(JOBBRO_COMMIT, commit, sizeof(commit));
	(void)jb_prom_escape(kore_version, kore, sizeof(kore));
	kore_buf_appendf(buf,
	    "# HELP jobbro_build_info The build that answers: version, "
	    "git commit, Kore.\n"
	    "# TYPE jobbro_build_info gauge\n"
	    "jobbro_build_info{version=\"%s\",commit=\"%s\",kore=\"%s\"} 1\n",
	    version, commit, kore);
}

/* The read replica: shown only when there is one. */
static void
metrics_render_replica(struct kore_buf *buf)
{
	if (!metrics_get(&metrics->replica_configured))
		return;
	kore_buf_appendf(buf,
	    "# HELP jobbro_replica_lag_seconds How long ago the primary was "
	    "where the read replica is now (0: caught up).\n"
	    "# TYPE jobbro_replica_lag_seconds gauge\n"
	    "jobbro_replica_lag_seconds %.3f\n"
	    "# HELP jobbro_replica_usable Whether reads go to the replica "
	    "(it answers, is in recovery and close enough behind).\n"
	    "# TYPE jobbro_replica_usable gauge\n"
	    "jobbro_replica_usable %llu\n"
	    "# HELP jobbro_replica_reads_total Reads the replica could take, "
	    "by who answered: the replica, or the primary because the "
	    "replica was behind the caller's writes or failed.\n"
	    "# TYPE jobbro_replica_reads_total counter\n"
	    "jobbro_replica_reads_total{served_by=\"replica\"} %llu\n"
	    "jobbro_replica_reads_total{served_by=\"primary\","
	    "reason=\"behind\"} %llu\n"
	    "jobbro_replica_reads_total{served_by=\"primary\","
	    "reason=\"failed\"} %llu\n",
	    (double)metrics_get(&metrics->replica_lag_ms) / 1000.0,
	    (unsigned long long)metrics_get(&metrics->replica_usable),
	    (unsigned long long)metrics_get(
		&metrics->replica_reads[JB_REPLICA_SERVED]),
	    (unsigned long long)metrics_get(
		&metrics->replica_reads[JB_REPLICA_BEHIND]),
	    (unsigned long long)metrics_get(
		&metrics->replica_reads[JB_REPLICA_FAILED]));
}

/* One histogram series; ms_sum in milliseconds. */
static void
metrics_histogram(struct kore_buf *buf, const char *name, const char *labels,
    const double *bounds, size_t n, const uint64_t *counts, uint64_t ms_sum)
{
	char out[2048];
	int len;

	len = jb_prom_histogram(out, sizeof(out), name, labels, bounds, n,
	    counts, (double)ms_sum / 1000.0);
	if (len > 0)
		kore_buf_append(buf, out, (size_t)len);
}

static void
metrics_add(uint64_t *p, uint64_t n)
{
	(void)__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

static void
metrics_sub(uint64_t *p, uint64_t n)
{
	(void)__atomic_fetch_sub(p, n, __ATOMIC_RELAXED);
}

static void
metrics_set(uint64_t *p, uint64_t n)
{
	__atomic_store_n(p, n, __ATOMIC_RELAXED);
}

static uint64_t
metrics_get(const uint64_t *p)
{
	return (__atomic_load_n(p, __ATOMIC_RELAXED));
}
