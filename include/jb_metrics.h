/*
 * jb_metrics.h — Prometheus metrics shared by all workers (src/metrics.c),
 * and their text (served by GET /metrics, src/endpoints/health.c).
 */
#ifndef JB_METRICS_H
#define JB_METRICS_H

#include <stdint.h>

#ifndef JB_METRICS_ENDPOINTS
#define JB_METRICS_ENDPOINTS 128 /* labelled endpoints; one more: unmatched */
#endif

/* jb_metrics_cache() events: the public-read cache (src/cache.c). */
#define JB_METRICS_CACHE_HIT 0
#define JB_METRICS_CACHE_MISS 1
#define JB_METRICS_CACHE_STORE 2
#define JB_METRICS_CACHE_EVICTION 3
#define JB_METRICS_CACHE_INVALIDATION 4
#define JB_METRICS_CACHE_EVENTS 5

/* jb_metrics_replica_read(): where a replica-eligible read was answered. */
#define JB_REPLICA_SERVED 0 /* by the replica */
#define JB_REPLICA_BEHIND 1 /* by the primary: replica behind the LSN */
#define JB_REPLICA_FAILED 2 /* by the primary: replica failed */
#define JB_REPLICA_OUTCOMES 3

struct kore_buf;

int jb_metrics_init(void);
int jb_metrics_label(int, const char *, const char *);
void jb_metrics_worker_start(void);
void jb_metrics_request(int, int, int, uint64_t);
void jb_metrics_in_flight(int);
void jb_metrics_db_pool(int, int, int, int, int);
void jb_metrics_db_wait(uint64_t);
void jb_metrics_argon2_queued(void);
void jb_metrics_argon2_started(void);
void jb_metrics_argon2_done(int);
void jb_metrics_db_unavailable(void);
void jb_metrics_db_connect_failed(void);
void jb_metrics_cache(int, uint64_t);
void jb_metrics_cache_size(uint64_t, uint64_t, int);
void jb_metrics_replica(int, uint64_t, int);
void jb_metrics_replica_read(int);
int jb_metrics_render(struct kore_buf *);

#endif
