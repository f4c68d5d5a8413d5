/*
 * throttle.c — rate limits on the request path. Once the caller is known
 * (the bearer token checked, the endpoint not yet run) a request spends
 * one request of its caller's budget: an API client's (all the client's
 * tokens share one), else the access token's (by its jti), else the
 * client address's (src/addr.c: behind a trusted proxy, the forwarded
 * one). POST /v1/auth/token spends a stricter budget of its own, per
 * address. The operators' probes (/healthz, /readyz, /metrics) and CORS
 * preflights are never counted. Answers given before the caller is known
 * (404, 405, a bad token) are charged to the address by src/http.c,
 * which also writes the RateLimit-* headers. The counting itself, shared
 * by the workers: src/ratelimit.c.
 */
#include <stdio.h>
#include <string.h>

#include "jb_http.h"
#include "jb_ratelimit.h"
#include "jb_throttle.h"

#define THROTTLE_TOKEN_PATH "/v1/auth/token"

static const char *throttle_whose[] = {
    [JB_RL_ADDRESS] = "from this address",
    [JB_RL_TOKEN] = "with this access token",
    [JB_RL_CLIENT] = "by this API client",
    [JB_RL_AUTH] = "for tokens from this address",
};

static int throttle_kind(struct jb_request *, const char **);

/* Spend one request of the caller's budget. Returns 0 after a 429. */
int
jb_throttle_check(struct jb_request *jr)
{
	char detail[160];
	const char *id;
	int kind;

	if (jr->rl.state != JB_RL_UNCHECKED)
		return (1);
	if (jb_ratelimit_exempt(jr->req->path)) {
		jr->rl.state = JB_RL_EXEMPT;
		return (1);
	}
	kind = throttle_kind(jr, &id);
	if (jb_ratelimit_take(&jr->rl, kind, id, kore_time_ms()))
		return (1);

	jr->retry_after = (int)jr->rl.reset;
	(void)snprintf(detail, sizeof(detail),
	    "more than %u requests in %u s %s; try again in %u s", jr->rl.limit,
	    jr->rl.window, throttle_whose[kind], jr->rl.reset);
	(void)jb_respond_problem(jr, 429, NULL, detail, NULL);

	return (0);
}

/* The limiter's counters, in the Prometheus text format (GET /metrics). */
void
jb_throttle_metrics(struct kore_buf *buf)
{
	struct jb_ratelimit_counts c;

	jb_ratelimit_counts(&c);
	kore_buf_appendf(buf,
	    "# HELP jobbro_rate_limited_total Requests refused (429) by "
	    "the rate limits.\n"
	    "# TYPE jobbro_rate_limited_total counter\n"
	    "jobbro_rate_limited_total %llu\n"
	    "# HELP jobbro_rate_limit_evictions_total Callers forgotten "
	    "before their window ended: the rate limit table was full.\n"
	    "# TYPE jobbro_rate_limit_evictions_total counter\n"
	    "jobbro_rate_limit_evictions_total %llu\n"
	    "# HELP jobbro_rate_limit_fail_open_total Requests let through "
	    "uncounted: the rate limit table stayed locked.\n"
	    "# TYPE jobbro_rate_limit_fail_open_total counter\n"
	    "jobbro_rate_limit_fail_open_total %llu\n",
	    (unsigned long long)c.refused, (unsigned long long)c.evicted,
	    (unsigned long long)c.contended);
}

/* Whose budget: the kind, and its id in *id. */
static int
throttle_kind(struct jb_request *jr, const char **id)
{
	const char *s;

	*id = jr->ip;
	if (jr->ep != NULL && jr->req->method == HTTP_METHOD_POST &&
	    strcmp(jr->ep->path, THROTTLE_TOKEN_PATH) == 0)
		return (JB_RL_AUTH);
	if (jr->claims == NULL)
		return (JB_RL_ADDRESS);
	s = json_string_value(json_object_get(jr->claims, "client_id"));
	if (s != NULL) {
		*id = s;
		return (JB_RL_CLIENT);
	}
	/* Every token we verify has a jti (src/token.c). */
	if ((s = json_string_value(json_object_get(jr->claims, "jti"))) !=
	    NULL) {
		*id = s;
		return (JB_RL_TOKEN);
	}
	return (JB_RL_ADDRESS);
}
