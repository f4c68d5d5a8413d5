/*
 * jb_pubcache.h — the public-read cache in the request path
 * (src/pubcache.c): anonymous GETs of endpoints marked JB_EP_CACHE are
 * answered from this worker's cache (src/cache.c) when it has them, and
 * their 200s are kept for the next caller.
 */
#ifndef JB_PUBCACHE_H
#define JB_PUBCACHE_H

#include <stddef.h>

/*
 * The fifth column of the endpoints' statements: "on" when the statement
 * changed what anonymous callers see (set by migration 0024's triggers).
 */
#define JB_PUBLIC_CHANGED "current_setting('jobbro.public_changed', true)"

struct jb_request;

int jb_pubcache_setup(void);
void jb_pubcache_init(size_t);
int jb_pubcache_answer(struct jb_request *);
void jb_pubcache_link(struct jb_request *, const char *);
void jb_pubcache_keep(struct jb_request *, const char *, const char *, size_t,
    const char *);
void jb_pubcache_forget(struct jb_request *);
void jb_pubcache_changed(void);

#endif
