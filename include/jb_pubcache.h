/*
 * jb_pubcache.h — the public-read cache in the request path
 * (src/pubcache.c): anonymous GETs of endpoints marked JB_EP_CACHE, and
 * statistics (JB_EP_CACHE_STATS) per caller, are answered from this
 * worker's cache (src/cache.c) when it has them, and their 200s are kept
 * for the next caller.
 */
#ifndef JB_PUBCACHE_H
#define JB_PUBCACHE_H

#include <stddef.h>

/*
 * The fifth column of the endpoints' statements: what the statement
 * changed of what the cache keeps, as letters ("p": public job data,
 * "s": statistics or who may read them), set by migration 0024's
 * triggers; NULL or "" when nothing.
 */
#define JB_CHANGED "current_setting('jobbro.changed', true)"

struct jb_request;

int jb_pubcache_setup(void);
void jb_pubcache_init(size_t);
int jb_pubcache_answer(struct jb_request *);
void jb_pubcache_link(struct jb_request *, const char *);
void jb_pubcache_keep(struct jb_request *, const char *, const char *, size_t,
    const char *);
void jb_pubcache_forget(struct jb_request *);
void jb_pubcache_changed(const char *);

#endif
