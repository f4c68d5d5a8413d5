/*
 * jb_prom.h — pieces of the Prometheus text format (src/prom.c): label
 * values escaped, a histogram's lines. Pure: no Kore; /metrics
 * (src/metrics.c) puts them together.
 */
#ifndef JB_PROM_H
#define JB_PROM_H

#include <stddef.h>
#include <stdint.h>

size_t jb_prom_escape(const char *, char *, size_t);
int jb_prom_histogram(char *, size_t, const char *, const char *,
    const double *, size_t, const uint64_t *, double);

#endif
