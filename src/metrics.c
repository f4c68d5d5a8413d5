/*
 * metrics.c — counters in the Prometheus text format: requests by
 * endpoint and status class, a latency histogram and database trouble.
 * The counters live in one shared anonymous mapping made by Kore's parent
 * before it forks, so every worker adds to the same numbers and a scrape
 * that lands on any worker sees them all. The router names the endpoints
 * (jb_metrics_label) before the workers fork.
 */
#include <sys/mman.h>

#include <stdio.h>
#include <string.h>

#include <kore/kore.h>

#include "jb_metrics.h"

#define METRICS_CLASSES 5 /* 1xx..5xx */

static const double metrics_bounds[] = {0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
    0.5, 1, 2.5, 5};
#define METRICS_BUCKETS (sizeof(metrics_bounds) / sizeof(metrics_bounds[0]))

/* Slot JB_METRICS_ENDPOINTS counts the requests no endpoint matched. */
struct metrics_shared {
	uint64_t requests[JB_METRICS_ENDPOINTS + 1][METRICS_CLASSES];
	uint64_t buckets[METRICS_BUCKETS + 1];
	uint64_t duration_ms_sum;
	uint64_t count;
	uint64_t db_unavailable;
	uint64_t db_connect_failed;
};

static struct metrics_shared *metrics;
static const char *metrics_labels[JB_METRICS_ENDPOINTS][2]; /* method, route */

static void metrics_add(uint64_t *, uint64_t);
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

	return (0);
}

/*
 * Name endpoint index (parent, before the workers fork). Returns -1 when
 * the index does not fit: JB_METRICS_ENDPOINTS is too small.
 */
int
jb_metrics_label(int endpoint, const char *method, const char *route)
{
	if (endpoint < 0 || endpoint >= JB_METRICS_ENDPOINTS)
		return (-1);
	metrics_labels[endpoint][0] = method;
	metrics_labels[endpoint][1] = route;

	return (0);
}

/* One answered request: endpoint index (-1: unmatched), status, ms. */
void
jb_metrics_request(int endpoint, int status, uint64_t ms)
{
	size_t b;
	int class;

	if (metrics == NULL)
		return;
	if (endpoint < 0 || endpoint >= JB_METRICS_ENDPOINTS)
		endpoint = JB_METRICS_ENDPOINTS;
	class = status / 100 - 1;
	if (class < 0 || class >= METRICS_CLASSES)
		class = METRICS_CLASSES - 1;

	metrics_add(&metrics->requests[endpoint][class], 1);
	for (b = 0; b < METRICS_BUCKETS; b++) {
		if ((double)ms / 1000.0 <= metrics_bounds[b])
			break;
	}
	metrics_add(&metrics->buckets[b], 1);
	metrics_add(&metrics->duration_ms_sum, ms);
	metrics_add(&metrics->count, 1);
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

/* Append every counter to buf. Returns -1 before jb_metrics_init(). */
int
jb_metrics_render(struct kore_buf *buf)
{
	const char *method, *route;
	uint64_t n, cumulative;
	size_t b;
	int i, c;

	if (metrics == NULL)
		return (-1);

	kore_buf_appendf(buf,
	    "# HELP jobbro_http_requests_total "
	    "Requests answered, by endpoint and status class.\n"
	    "# TYPE jobbro_http_requests_total counter\n");
	for (i = 0; i <= JB_METRICS_ENDPOINTS; i++) {
		method = i < JB_METRICS_ENDPOINTS ? metrics_labels[i][0] : "";
		route = i < JB_METRICS_ENDPOINTS ? metrics_labels[i][1]
						 : "unmatched";
		if (route == NULL)
			continue;
		for (c = 0; c < METRICS_CLASSES; c++) {
			if ((n = metrics_get(&metrics->requests[i][c])) == 0)
				continue;
			kore_buf_appendf(buf,
			    "jobbro_http_requests_total{method=\"%s\","
			    "route=\"%s\",code=\"%dxx\"} %llu\n",
			    method, route, c + 1, (unsigned long long)n);
		}
	}

	kore_buf_appendf(buf,
	    "# HELP jobbro_http_request_duration_seconds "
	    "Time from routing to answer.\n"
	    "# TYPE jobbro_http_request_duration_seconds histogram\n");
	for (b = 0, cumulative = 0; b <= METRICS_BUCKETS; b++) {
		cumulative += metrics_get(&metrics->buckets[b]);
		if (b < METRICS_BUCKETS)
			kore_buf_appendf(buf,
			    "jobbro_http_request_duration_"
			    "seconds_bucket{le=\"%g\"} %llu\n",
			    metrics_bounds[b], (unsigned long long)cumulative);
		else
			kore_buf_appendf(buf,
			    "jobbro_http_request_duration_"
			    "seconds_bucket{le=\"+Inf\"} %llu\n",
			    (unsigned long long)cumulative);
	}
	kore_buf_appendf(buf,
	    "jobbro_http_request_duration_seconds_sum %.3f\n"
	    "jobbro_http_request_duration_seconds_count %llu\n",
	    (double)metrics_get(&metrics->duration_ms_sum) / 1000.0,
	    (unsigned long long)metrics_get(&metrics->count));

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

	return (0);
}

static void
metrics_add(uint64_t *p, uint64_t n)
{
	(void)__atomic_fetch_add(p, n, __ATOMIC_RELAXED);
}

static uint64_t
metrics_get(const uint64_t *p)
{
	return (__atomic_load_n(p, __ATOMIC_RELAXED));
}
