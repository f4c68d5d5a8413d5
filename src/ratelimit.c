/*
 * ratelimit.c — how many requests a caller may make per window, counted
 * for every worker of an instance at once. Kore's parent maps one shared
 * anonymous table before the workers fork (jb_ratelimit_init); each
 * request then costs a SipHash of its key and a few instructions under a
 * bucket's spinlock, without allocating or blocking.
 *
 * Fixed windows per caller: a caller's window opens with its first
 * request and lasts the policy's window; within it at most `limit`
 * requests pass, the rest are refused until it ends. Callers are keyed by
 * a 64-bit SipHash (a random key per instance) of their kind and id, so
 * nobody can aim many ids at one bucket. The table is set-associative:
 * JB_RATELIMIT_KEYS slots in buckets of RL_WAYS; a new caller takes an
 * empty or expired slot of its bucket, else the one whose window ends
 * first (its count is forgotten: counted as "evicted"). A bucket locked
 * for too long (a worker stopped while holding it) lets the request
 * through and counts it as "contended": the limiter fails open, loudly.
 */
#include <sys/mman.h>
#include <sys/random.h>

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>

#include "jb_ratelimit.h"
#include "jb_siphash.h"

#define RL_WAYS 8
#define RL_BUCKETS (JB_RATELIMIT_KEYS / RL_WAYS)
#define RL_SPINS 2000 /* tries for a bucket's lock, yielding from the 16th */

struct rl_slot {
	uint64_t key; /* 0: empty */
	uint64_t end; /* ms (monotonic) when the window ends */
	uint32_t count;
};

struct rl_bucket {
	uint32_t lock;
	struct rl_slot slot[RL_WAYS];
} __attribute__((aligned(64)));

struct rl_table {
	struct jb_ratelimit_counts counts;
	struct rl_bucket bucket[RL_BUCKETS] __attribute__((aligned(64)));
};

/* Paths never counted: the operators' probes. */
static const char *rl_exempt[] = {"/healthz", "/readyz", "/metrics", NULL};

static struct rl_table *rl_table;
static struct jb_ratelimit_policy rl_general, rl_auth;
static uint64_t rl_key[2];

static struct rl_slot *rl_find(struct rl_bucket *, uint64_t, uint64_t);
static int rl_lock(struct rl_bucket *);
static void rl_unlock(struct rl_bucket *);
static uint64_t rl_hash(int, const char *);

/*
 * "N/<window>" (N requests per window: "600/60s", "30/1m", "10/s", "5/2h")
 * or "off" (or "0"): no limit. Returns -1 for anything else.
 */
int
jb_ratelimit_parse(const char *s, struct jb_ratelimit_policy *p)
{
	unsigned long n, w;
	char *end;

	if (s == NULL || strcmp(s, "off") == 0 || strcmp(s, "0") == 0) {
		p->limit = 0;
		p->window = 0;
		return (0);
	}
	if (!isdigit((unsigned char)*s))
		return (-1);
	errno = 0;
	n = strtoul(s, &end, 10);
	if (errno != 0 || *end != '/' || n < 1 || n > JB_RATELIMIT_MAX)
		return (-1);
	s = end + 1;
	w = 1;
	if (isdigit((unsigned char)*s)) {
		w = strtoul(s, &end, 10);
		if (errno != 0 || w < 1 || w > JB_RATELIMIT_WINDOW_MAX)
			return (-1);
		s = end;
	}
	if (strcmp(s, "s") == 0)
		;
	else if (strcmp(s, "m") == 0)
		w *= 60;
	else if (strcmp(s, "h") == 0)
		w *= 3600;
	else
		return (-1);
	if (w > JB_RATELIMIT_WINDOW_MAX)
		return (-1);
	p->limit = (uint32_t)n;
	p->window = (uint32_t)w;

	return (0);
}

/*
 * In Kore's parent, before the workers fork: the policies (for the kind
 * JB_RL_AUTH, and for all others) and the shared table. Returns -1 when
 * the table cannot be mapped.
 */
int
jb_ratelimit_init(const struct jb_ratelimit_policy *general,
    const struct jb_ratelimit_policy *auth)
{
	void *p;

	rl_general = *general;
	rl_auth = *auth;
	if (rl_table != NULL) {
		(void)munmap(rl_table, sizeof(*rl_table));
		rl_table = NULL;
	}
	if (rl_general.limit == 0 && rl_auth.limit == 0)
		return (0);
	if (getrandom(rl_key, sizeof(rl_key), 0) != sizeof(rl_key))
		return (-1);
	p = mmap(NULL, sizeof(*rl_table), PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return (-1);
	rl_table = p;

	return (0);
}

/* Is path one the limiter never counts? */
int
jb_ratelimit_exempt(const char *path)
{
	int i;

	for (i = 0; rl_exempt[i] != NULL; i++) {
		if (strcmp(path, rl_exempt[i]) == 0)
			return (1);
	}
	return (0);
}

/*
 * Spend one request of the budget of (kind, id) at now (ms, monotonic)
 * and say so in *rl. Returns 0 when the budget is spent (refused), else
 * 1 (also when the limit is off).
 */
int
jb_ratelimit_take(struct jb_ratelimit *rl, int kind, const char *id,
    uint64_t now)
{
	const struct jb_ratelimit_policy *p;
	struct rl_bucket *b;
	struct rl_slot *s;
	uint64_t h, end;
	uint32_t count;
	int allowed;

	p = kind == JB_RL_AUTH ? &rl_auth : &rl_general;
	if (p->limit == 0 || rl_table == NULL) {
		rl->state = JB_RL_EXEMPT;
		return (1);
	}
	h = rl_hash(kind, id);
	b = &rl_table->bucket[(h >> 32) % RL_BUCKETS];
	if (!rl_lock(b)) {
		__atomic_fetch_add(&rl_table->counts.contended, 1,
		    __ATOMIC_RELAXED);
		rl->state = JB_RL_EXEMPT;
		return (1);
	}
	s = rl_find(b, h, now);
	if (now >= s->end) {
		s->end = now + (uint64_t)p->window * 1000;
		s->count = 0;
	}
	if ((allowed = s->count < p->limit))
		s->count++;
	count = s->count;
	end = s->end;
	rl_unlock(b);

	rl->state = allowed ? JB_RL_ALLOWED : JB_RL_REFUSED;
	rl->limit = p->limit;
	rl->remaining = p->limit - count;
	rl->reset = (uint32_t)((end - now + 999) / 1000);
	rl->window = p->window;
	if (!allowed)
		__atomic_fetch_add(&rl_table->counts.refused, 1,
		    __ATOMIC_RELAXED);

	return (allowed);
}

void
jb_ratelimit_counts(struct jb_ratelimit_counts *c)
{
	memset(c, 0, sizeof(*c));
	if (rl_table == NULL)
		return;
	c->refused =
	    __atomic_load_n(&rl_table->counts.refused, __ATOMIC_RELAXED);
	c->evicted =
	    __atomic_load_n(&rl_table->counts.evicted, __ATOMIC_RELAXED);
	c->contended =
	    __atomic_load_n(&rl_table->counts.contended, __ATOMIC_RELAXED);
}

/*
 * The slot of key h in bucket b (locked): its own, else an empty or
 * expired one, else the one whose window ends first (evicted). A slot
 * taken over has end 0: its window opens now.
 */
static struct rl_slot *
rl_find(struct rl_bucket *b, uint64_t h, uint64_t now)
{
	struct rl_slot *s, *victim;
	int i;

	victim = NULL;
	for (i = 0; i < RL_WAYS; i++) {
		s = &b->slot[i];
		if (s->key == h)
			return (s);
		if (victim == NULL || s->end < victim->end)
			victim = s;
	}
	if (victim->key != 0 && victim->end > now)
		__atomic_fetch_add(&rl_table->counts.evicted, 1,
		    __ATOMIC_RELAXED);
	victim->key = h;
	victim->end = 0;
	victim->count = 0;

	return (victim);
}

/* Held for a few dozen instructions; never wait on a stopped holder. */
static int
rl_lock(struct rl_bucket *b)
{
	int i;

	for (i = 0; i < RL_SPINS; i++) {
		if (__atomic_load_n(&b->lock, __ATOMIC_RELAXED) == 0 &&
		    __atomic_exchange_n(&b->lock, 1, __ATOMIC_ACQUIRE) == 0)
			return (1);
		if (i >= 16)
			(void)sched_yield();
	}
	return (0);
}

static void
rl_unlock(struct rl_bucket *b)
{
	__atomic_store_n(&b->lock, 0, __ATOMIC_RELEASE);
}

/* The caller's key: SipHash of kind and id, never 0 (an empty slot). */
static uint64_t
rl_hash(int kind, const char *id)
{
	unsigned char buf[256];
	size_t len;
	uint64_t h;

	len = strlen(id);
	if (len > sizeof(buf) - 1)
		len = sizeof(buf) - 1;
	buf[0] = (unsigned char)kind;
	memcpy(buf + 1, id, len);
	h = jb_siphash(rl_key, buf, len + 1);

	return (h != 0 ? h : 1);
}
