/*
 * cache.c — the store behind the public-read cache: whole answers
 * (content type, entity tag, Link, body) by key, in one worker's memory.
 *
 * The rules that make it safe live here, so that the unit tests see
 * them:
 *  - It is usable only while it is live, i.e. while this worker LISTENs
 *    for changes (src/listen.c says so with jb_cache_set_live). Going
 *    live or dead empties it; a change notice empties the entries of its
 *    kind (JB_CACHE_PUBLIC, JB_CACHE_STATS) and starts a new generation
 *    of that kind.
 *  - An answer is stored only with the generation of its kind read before
 *    its query was sent: if such a change came meanwhile, the answer may
 *    predate it and is dropped (jb_cache_put returns -1).
 *  - Every entry expires (the endpoint's max-age: what any shared cache
 *    may keep anyway); that bounds what time alone makes stale, such as
 *    an application deadline passing.
 *  - The bytes of all entries (key, headers, body and bookkeeping) stay
 *    under the bound; the least recently used go first.
 * Keys are hashed with SipHash under a random key: the caller picks the
 * query string, not the bucket. No Kore, no locks: one worker's memory.
 */
#include <sys/queue.h>

#include <stdlib.h>
#include <string.h>

#include "jb_cache.h"
#include "jb_siphash.h"

struct cache_entry {
	TAILQ_ENTRY(cache_entry) lru;
	struct cache_entry *next; /* in its bucket */
	uint64_t hash;
	uint64_t expires;
	int kind;
	size_t cost;
	size_t keylen;
	struct jb_cache_answer a;
	char *key;
};

TAILQ_HEAD(cache_lru, cache_entry);

static struct cache_entry **cache_buckets;
static size_t cache_nbuckets;
static struct cache_lru cache_lru = TAILQ_HEAD_INITIALIZER(cache_lru);
static uint64_t cache_key[2];
static size_t cache_max;
static size_t cache_bytes;
static size_t cache_entries;
static uint64_t cache_gen[2] = {1, 1}; /* by kind: PUBLIC, STATS */
static int cache_live;

static struct cache_entry **cache_slot(const char *, size_t, uint64_t);
static void cache_remove(struct cache_entry *);
static char *cache_copy(char **, const char *, size_t);
static int cache_kind_index(int);

/*
 * Set the bound (bytes; 0: no cache) and the hash key. The table has a
 * bucket for every 2 KiB of bound, between 256 and 65536. Returns -1
 * when out of memory.
 */
int
jb_cache_init(size_t max_bytes, const uint64_t *key)
{
	size_t n;

	jb_cache_free();
	cache_max = max_bytes;
	cache_key[0] = key[0];
	cache_key[1] = key[1];
	if (max_bytes == 0)
		return (0);
	for (n = 256; n < 65536 && n * 2048 < max_bytes; n *= 2)
		;
	if ((cache_buckets = calloc(n, sizeof(*cache_buckets))) == NULL)
		return (-1);
	cache_nbuckets = n;

	return (0);
}

/* Drop everything, and the table. */
void
jb_cache_free(void)
{
	jb_cache_invalidate(JB_CACHE_ALL);
	free(cache_buckets);
	cache_buckets = NULL;
	cache_nbuckets = 0;
	cache_max = 0;
}

/* May answers be looked up and stored now? */
int
jb_cache_usable(void)
{
	return (cache_max > 0 && cache_live);
}

/* The change listener is (not) in place: either way, start afresh. */
void
jb_cache_set_live(int live)
{
	jb_cache_invalidate(JB_CACHE_ALL);
	cache_live = live;
}

/* Read before a query is sent; hand it back to jb_cache_put. */
uint64_t
jb_cache_generation(int kind)
{
	return (cache_gen[cache_kind_index(kind)]);
}

/*
 * Find key (not expired at now, ms). Returns 1 and fills a (valid until
 * the next put or invalidation), or 0.
 */
int
jb_cache_get(const char *key, size_t keylen, uint64_t now,
    struct jb_cache_answer *a)
{
	struct cache_entry **slot, *e;
	uint64_t h;

	if (!jb_cache_usable())
		return (0);
	h = jb_siphash(cache_key, (const unsigned char *)key, keylen);
	slot = cache_slot(key, keylen, h);
	if ((e = *slot) == NULL)
		return (0);
	if (now >= e->expires) {
		cache_remove(e);
		return (0);
	}
	TAILQ_REMOVE(&cache_lru, e, lru);
	TAILQ_INSERT_HEAD(&cache_lru, e, lru);
	*a = e->a;

	return (1);
}

/*
 * Store answer a of kind (JB_CACHE_PUBLIC or _STATS) under key until
 * expires (ms), if nothing of its kind changed since generation gen was
 * read. Returns how many entries made room for it, or -1 when it was not
 * stored (stale generation, not live, too big, no memory).
 */
int
jb_cache_put(const char *key, size_t keylen, int kind, uint64_t gen,
    uint64_t expires, const struct jb_cache_answer *a)
{
	struct cache_entry **slot, *e;
	size_t cost, ctlen, taglen, linklen;
	uint64_t h;
	char *p;
	int evicted;

	if (!jb_cache_usable() || gen != jb_cache_generation(kind) ||
	    a->ctype == NULL || a->etag == NULL || a->body == NULL)
		return (-1);
	ctlen = strlen(a->ctype) + 1;
	taglen = strlen(a->etag) + 1;
	linklen = a->link != NULL ? strlen(a->link) + 1 : 0;
	cost = sizeof(*e) + keylen + 1 + ctlen + taglen + linklen + a->len + 1;
	if (cost > cache_max / 4)
		return (-1);

	h = jb_siphash(cache_key, (const unsigned char *)key, keylen);
	if ((e = *cache_slot(key, keylen, h)) != NULL)
		cache_remove(e);
	for (evicted = 0; cache_bytes + cost > cache_max; evicted++)
		cache_remove(TAILQ_LAST(&cache_lru, cache_lru));

	if ((e = malloc(cost)) == NULL)
		return (-1);
	p = (char *)(e + 1);
	e->hash = h;
	e->expires = expires;
	e->kind = kind;
	e->cost = cost;
	e->keylen = keylen;
	e->key = cache_copy(&p, key, keylen);
	e->a.ctype = cache_copy(&p, a->ctype, ctlen - 1);
	e->a.etag = cache_copy(&p, a->etag, taglen - 1);
	e->a.link =
	    a->link != NULL ? cache_copy(&p, a->link, linklen - 1) : NULL;
	e->a.body = cache_copy(&p, a->body, a->len);
	e->a.len = a->len;

	slot = &cache_buckets[h & (cache_nbuckets - 1)];
	e->next = *slot;
	*slot = e;
	TAILQ_INSERT_HEAD(&cache_lru, e, lru);
	cache_bytes += cost;
	cache_entries++;

	return (evicted);
}

/*
 * Something of the kinds in mask changed: drop their entries and start
 * new generations of them.
 */
void
jb_cache_invalidate(int mask)
{
	struct cache_entry *e, *next;

	for (e = TAILQ_FIRST(&cache_lru); e != NULL; e = next) {
		next = TAILQ_NEXT(e, lru);
		if (e->kind & mask)
			cache_remove(e);
	}
	if (mask & JB_CACHE_PUBLIC)
		cache_gen[0]++;
	if (mask & JB_CACHE_STATS)
		cache_gen[1]++;
}

void
jb_cache_stats(struct jb_cache_stats *s)
{
	s->entries = cache_entries;
	s->bytes = cache_bytes;
	s->max_bytes = cache_max;
}

/* The link that points at key's entry (or at the NULL where it would go). */
static struct cache_entry **
cache_slot(const char *key, size_t keylen, uint64_t h)
{
	struct cache_entry **slot;

	slot = &cache_buckets[h & (cache_nbuckets - 1)];
	for (; *slot != NULL; slot = &(*slot)->next) {
		if ((*slot)->hash == h && (*slot)->keylen == keylen &&
		    memcmp((*slot)->key, key, keylen) == 0)
			break;
	}
	return (slot);
}

static void
cache_remove(struct cache_entry *e)
{
	struct cache_entry **slot;

	slot = cache_slot(e->key, e->keylen, e->hash);
	*slot = e->next;
	TAILQ_REMOVE(&cache_lru, e, lru);
	cache_bytes -= e->cost;
	cache_entries--;
	free(e);
}

static int
cache_kind_index(int kind)
{
	return (kind == JB_CACHE_STATS ? 1 : 0);
}

/* Copy len bytes of s and a NUL to *p; advance *p; return the copy. */
static char *
cache_copy(char **p, const char *s, size_t len)
{
	char *d = *p;

	memcpy(d, s, len);
	d[len] = '\0';
	*p += len + 1;

	return (d);
}
