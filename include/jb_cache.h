/*
 * jb_cache.h — a worker's cache of anonymous public answers (src/cache.c):
 * whole responses by key, bounded in bytes, least recently used first
 * out, emptied whenever PostgreSQL says the data behind them changed
 * (src/listen.c) and never filled from a query that started before.
 */
#ifndef JB_CACHE_H
#define JB_CACHE_H

#include <stddef.h>
#include <stdint.h>

#define JB_CACHE_KEY_MAX 1024

/*
 * Kinds of entry, each emptied by its own changes: anonymous public job
 * answers, and statistics (per caller).
 */
#define JB_CACHE_PUBLIC 0x1
#define JB_CACHE_STATS 0x2
#define JB_CACHE_ALL (JB_CACHE_PUBLIC | JB_CACHE_STATS)

/* One answer, as stored and as found (pointers into the cache). */
struct jb_cache_answer {
	const char *ctype;
	const char *etag;
	const char *link; /* NULL: no Link header */
	const char *body;
	size_t len;
};

struct jb_cache_stats {
	size_t entries;
	size_t bytes;
	size_t max_bytes;
};

int jb_cache_init(size_t, const uint64_t *);
void jb_cache_free(void);
int jb_cache_usable(void);
void jb_cache_set_live(int);
uint64_t jb_cache_generation(int);
int jb_cache_get(const char *, size_t, uint64_t, struct jb_cache_answer *);
int jb_cache_put(const char *, size_t, int, uint64_t, uint64_t,
    const struct jb_cache_answer *);
void jb_cache_invalidate(int);
void jb_cache_stats(struct jb_cache_stats *);

#endif
