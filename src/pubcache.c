/*
 * pubcache.c — the public-read cache in the request path. An anonymous
 * GET (or HEAD) of an endpoint marked JB_EP_CACHE (published jobs by id,
 * the job list, the job-board feed) is looked up by its key: the
 * endpoint, the answer's format (JSON or JSON-LD, from Accept), the Host
 * for endpoints that write absolute URLs, and the path with its query
 * string as sent. A hit is answered at once, 304 when If-None-Match
 * names its tag, without PostgreSQL. A miss remembers the cache's
 * generation before its query is sent; its 200 is kept (with its Link)
 * only if no change notice arrived meanwhile (src/cache.c), for at most
 * the endpoint's max-age. Other callers with a token never touch it:
 * what they see depends on who they are.
 *
 * Statistics (JB_EP_CACHE_STATS) are kept per caller: the key also holds
 * the token's subject, role, municipalities, employer and API client,
 * everything the statistics' scope is made of. They are emptied by
 * changes to the statistics' facts and to users' and API clients'
 * standing (a revoked token must not be answered from the cache), and
 * live at most JB_PUBCACHE_STATS_TTL seconds (they say "as of today").
 *
 * A change made through this instance empties every worker's entries of
 * its kind before the writer answers: the statement says what it touched
 * (JB_CHANGED: "p" public job data, "s" statistics),
 * jb_pubcache_changed() bumps that kind's counter shared by the
 * instance's workers, and each worker compares them before it reads or
 * stores. Other instances hear of it by NOTIFY (src/listen.c).
 */
#include <sys/mman.h>
#include <sys/random.h>

#include <stdlib.h>
#include <string.h>

#include "jb_cache.h"
#include "jb_http.h"
#include "jb_listen.h"
#include "jb_metrics.h"
#include "jb_pubcache.h"

#define JB_PUBCACHE_STATS_TTL 60

static int pubcache_key(struct jb_request *);
static int pubcache_kind(struct jb_request *);
static void pubcache_sync(void);
static void pubcache_scope(struct jb_request *, struct kore_buf *);

/* Changes made through this instance, by kind: [0] public, [1] stats. */
static uint64_t *pubcache_changes; /* shared by the instance's workers */
static uint64_t pubcache_seen[2];

/* In Kore's parent, before the fork: the instance's change counter. */
int
jb_pubcache_setup(void)
{
	void *p;

	p = mmap(NULL, 2 * sizeof(*pubcache_changes), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (-1);
	pubcache_changes = p;

	return (0);
}

/* In each worker: the bound in bytes (0: no cache) and a fresh hash key. */
void
jb_pubcache_init(size_t max_bytes)
{
	uint64_t key[2];

	if (getrandom(key, sizeof(key), 0) != sizeof(key))
		max_bytes = 0;
	if (jb_cache_init(max_bytes, key) == -1) {
		kore_log(LOG_ERR, "cache: no memory for its table; no cache");
		(void)jb_cache_init(0, key);
	}
	jb_listen_publish();
}

/*
 * Answer jr from the cache if it may be and is there (returns 1; the
 * answer is sent). The caller keeps exports (CSV, NDJSON) away. Otherwise
 * returns 0; a cacheable miss has its key and the generation set, for
 * jb_pubcache_keep.
 */
int
jb_pubcache_answer(struct jb_request *jr)
{
	struct jb_cache_answer a;
	int kind, method = jr->req->method;

	if ((kind = pubcache_kind(jr)) == 0 ||
	    (method != HTTP_METHOD_GET && method != HTTP_METHOD_HEAD))
		return (0);
	jb_listen_poll();
	pubcache_sync();
	if (!jb_cache_usable())
		return (0);
	if (!pubcache_key(jr))
		return (0);
	if (!jb_cache_get(jr->cache_key, strlen(jr->cache_key), kore_time_ms(),
		&a)) {
		jr->cache_gen = jb_cache_generation(kind);
		jb_metrics_cache(JB_METRICS_CACHE_MISS, 1);
		return (0);
	}
	jb_metrics_cache(JB_METRICS_CACHE_HIT, 1);
	jb_pubcache_forget(jr);
	if (a.link != NULL)
		http_response_header(jr->req, "link", a.link);
	(void)jb_respond_tagged(jr, 200, a.ctype, a.body, a.len, a.etag);

	return (1);
}

/* The Link header of a cacheable miss's answer (kept with it). */
void
jb_pubcache_link(struct jb_request *jr, const char *link)
{
	if (jr->cache_key == NULL)
		return;
	free(jr->cache_link);
	jr->cache_link = strdup(link);
}

/* A cacheable miss's 200: keep it, unless something changed meanwhile. */
void
jb_pubcache_keep(struct jb_request *jr, const char *ctype, const char *body,
    size_t len, const char *etag)
{
	struct jb_cache_answer a;
	uint64_t ttl;
	int evicted, kind;

	if (jr->cache_key == NULL || jr->cache_gen == 0)
		return;
	pubcache_sync();
	kind = pubcache_kind(jr);
	ttl = kind == JB_CACHE_STATS ? JB_PUBCACHE_STATS_TTL
				     : (uint64_t)jr->ep->max_age;
	a.ctype = ctype;
	a.etag = etag;
	a.link = jr->cache_link;
	a.body = body;
	a.len = len;
	evicted = jb_cache_put(jr->cache_key, strlen(jr->cache_key), kind,
	    jr->cache_gen, kore_time_ms() + ttl * 1000, &a);
	if (evicted >= 0) {
		jb_metrics_cache(JB_METRICS_CACHE_STORE, 1);
		if (evicted > 0)
			jb_metrics_cache(JB_METRICS_CACHE_EVICTION,
			    (uint64_t)evicted);
	}
	jb_pubcache_forget(jr);
	jb_listen_publish();
}

/* Drop what jr holds for the cache. */
void
jb_pubcache_forget(struct jb_request *jr)
{
	free(jr->cache_key);
	free(jr->cache_link);
	jr->cache_key = jr->cache_link = NULL;
	jr->cache_gen = 0;
}

/*
 * A statement of this worker has committed and said what it changed
 * (JB_CHANGED's letters): every worker of the instance empties those
 * entries before its next read.
 */
void
jb_pubcache_changed(const char *what)
{
	if (pubcache_changes == NULL)
		return;
	if (strchr(what, 'p') != NULL)
		(void)__atomic_add_fetch(&pubcache_changes[0], 1,
		    __ATOMIC_SEQ_CST);
	if (strchr(what, 's') != NULL)
		(void)__atomic_add_fetch(&pubcache_changes[1], 1,
		    __ATOMIC_SEQ_CST);
	pubcache_sync();
}

/* Has a worker of this instance changed what we keep since we looked? */
static void
pubcache_sync(void)
{
	static const int kinds[2] = {JB_CACHE_PUBLIC, JB_CACHE_STATS};
	uint64_t now;
	int i, mask;

	if (pubcache_changes == NULL)
		return;
	for (i = 0, mask = 0; i < 2; i++) {
		now = __atomic_load_n(&pubcache_changes[i], __ATOMIC_SEQ_CST);
		if (now != pubcache_seen[i])
			mask |= kinds[i];
		pubcache_seen[i] = now;
	}
	if (mask == 0)
		return;
	jb_cache_invalidate(mask);
	jb_metrics_cache(JB_METRICS_CACHE_INVALIDATION, 1);
	jb_listen_publish();
	jb_listen_changed();
}

/*
 * The kind of entry jr's answer would be (JB_CACHE_*), or 0 when it is
 * not kept: anonymous reads of JB_EP_CACHE endpoints, statistics of
 * callers with a token.
 */
static int
pubcache_kind(struct jb_request *jr)
{
	if ((jr->ep->flags & JB_EP_CACHE) && jr->role == JB_ROLE_ANON)
		return (JB_CACHE_PUBLIC);
	if ((jr->ep->flags & JB_EP_CACHE_STATS) && jr->role != JB_ROLE_ANON &&
	    jr->claims != NULL)
		return (JB_CACHE_STATS);
	return (0);
}

/* The caller's scope in a statistics key: everything ctx is made of. */
static void
pubcache_scope(struct jb_request *jr, struct kore_buf *buf)
{
	static const char *const claims[] = {"sub", "role", "employer_id",
	    "client_id", "ver", NULL};
	json_t *v;
	char *codes;
	int i;

	for (i = 0; claims[i] != NULL; i++) {
		v = json_object_get(jr->claims, claims[i]);
		if (json_is_string(v))
			kore_buf_appendf(buf, "%s ", json_string_value(v));
		else if (json_is_integer(v))
			kore_buf_appendf(buf, "%lld ",
			    (long long)json_integer_value(v));
		else
			kore_buf_appendf(buf, "- ");
	}
	v = json_object_get(jr->claims, "municipality_codes");
	codes =
	    v != NULL ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY) : NULL;
	kore_buf_appendf(buf, "%s ", codes != NULL ? codes : "-");
	free(codes);
}

/* jr->cache_key: "<endpoint> <format> <host> <path>?<query>". */
static int
pubcache_key(struct jb_request *jr)
{
	struct kore_buf buf;
	const char *host, *qs;
	int ld;

	ld = jb_request_jsonld(jr);
	host = (jr->ep->flags & JB_EP_BASE_URL) ? jb_header(jr, "host") : NULL;
	qs = jr->req->query_string;

	kore_buf_init(&buf, 128);
	kore_buf_appendf(&buf, "%d %s %s ", jr->ep_index, ld ? "ld" : "js",
	    host != NULL ? host : "-");
	if (jr->role != JB_ROLE_ANON)
		pubcache_scope(jr, &buf);
	kore_buf_appendf(&buf, "%s?%s", jr->req->path, qs != NULL ? qs : "");
	if (buf.offset > JB_CACHE_KEY_MAX) {
		kore_buf_cleanup(&buf);
		return (0);
	}
	jr->cache_key = strdup(kore_buf_stringify(&buf, NULL));
	kore_buf_cleanup(&buf);

	return (jr->cache_key != NULL);
}
