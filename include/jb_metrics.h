/*
 * jb_metrics.h — Prometheus counters shared by all workers.
 */
#ifndef JB_METRICS_H
#define JB_METRICS_H

#include <stdint.h>

#define JB_METRICS_ENDPOINTS 64 /* the last slot counts unrouted requests */

int jb_metrics_init(void);
void jb_metrics_request(int, int, uint64_t);
void jb_metrics_db_unavailable(void);
void jb_metrics_db_connect_failed(void);

#endif
