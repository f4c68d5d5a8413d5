/*
 * jb_ratelimit.h — request budgets per caller in fixed windows, counted in
 * one table that every worker of an instance shares (src/ratelimit.c).
 * Pure: no Kore; unit-tested. The request side (whose budget a request
 * spends, the 429) is src/throttle.c.
 */
#ifndef JB_RATELIMIT_H
#define JB_RATELIMIT_H

#include <stddef.h>
#include <stdint.h>

#define JB_RATELIMIT_KEYS 65536 /* callers counted at once (2 MiB shared) */
#define JB_RATELIMIT_MAX 1000000 /* requests per window, at most */
#define JB_RATELIMIT_WINDOW_MAX 86400 /* seconds */

/* Whose budget a request spends; each is counted apart. */
enum jb_ratelimit_kind {
	JB_RL_ADDRESS, /* anonymous: the client's address */
	JB_RL_TOKEN, /* a user's access token (its jti) */
	JB_RL_CLIENT, /* an API client: all its tokens together */
	JB_RL_AUTH, /* POST /v1/auth/token, by address: the stricter policy */
};

/* jb_ratelimit.state; a zeroed struct is "not asked yet". */
enum {
	JB_RL_UNCHECKED = 0,
	JB_RL_EXEMPT, /* probes, preflights, or the limit is off */
	JB_RL_ALLOWED,
	JB_RL_REFUSED,
};

struct jb_ratelimit_policy {
	uint32_t limit; /* requests per window; 0: off */
	uint32_t window; /* seconds */
};

/* The verdict on one request: what its RateLimit-* headers say. */
struct jb_ratelimit {
	int state;
	uint32_t limit;
	uint32_t remaining;
	uint32_t reset; /* seconds until the window ends, at least 1 */
	uint32_t window; /* seconds */
};

struct jb_ratelimit_counts {
	uint64_t refused; /* requests refused (429) */
	uint64_t evicted; /* callers forgotten mid-window: the table was full */
	uint64_t contended; /* requests let through: a slot stayed locked */
};

int jb_ratelimit_parse(const char *, struct jb_ratelimit_policy *);
int jb_ratelimit_init(const struct jb_ratelimit_policy *,
    const struct jb_ratelimit_policy *);
int jb_ratelimit_exempt(const char *);
int jb_ratelimit_take(struct jb_ratelimit *, int, const char *, uint64_t);
void jb_ratelimit_counts(struct jb_ratelimit_counts *);

#endif
