/*
 * health.c — what operators and tools ask: /healthz (the process
 * answers), /readyz (the database answers and the worker is not
 * stopping), /metrics (Prometheus counters; this host or the metrics
 * token only). The contract, /v1/openapi.json, is in docs.c.
 */
#include <string.h>
#include <strings.h>

#include <openssl/crypto.h>

#include "jb_config.h"
#include "jb_drain.h"
#include "jb_endpoints.h"
#include "jb_http.h"
#include "jb_metrics.h"
#include "jb_query.h"
#include "jb_throttle.h"

static int health_live(struct jb_request *);
static int health_ready(struct jb_request *);
static int health_metrics_allowed(struct jb_request *);
static int health_metrics(struct jb_request *);

enum { SQL_READY, SQL_COUNT };

const char *const jb_health_sql[SQL_COUNT + 1] = {
    [SQL_READY] = "SELECT api.ready()",
};
int jb_health_stmt[SQL_COUNT];

/* clang-format off */
const struct jb_endpoint jb_health_endpoints[] = {
	{ .method = HTTP_METHOD_GET, .path = "/healthz", .roles = JB_ROLES_ALL,
	    .flags = JB_EP_NO_BEARER, .run = health_live },
	{ .method = HTTP_METHOD_GET, .path = "/readyz", .roles = JB_ROLES_ALL,
	    .flags = JB_EP_NO_BEARER, .run = health_ready },
	{ .method = HTTP_METHOD_GET, .path = "/metrics", .roles = JB_ROLES_ALL,
	    .flags = JB_EP_NO_BEARER, .run = health_metrics },
	JB_ENDPOINTS_END
};
/* clang-format on */

static int
health_live(struct jb_request *jr)
{
	return (jb_respond_json(jr, 200, json_pack("{s:s}", "status", "ok")));
}

static int
health_ready(struct jb_request *jr)
{
	if (jb_draining())
		return (jb_respond_problem(jr, 503, NULL,
		    "this server is shutting down", NULL));
	if (jr->state == 0) {
		jr->state = 1;
		return (jb_query_run(jr, jb_health_stmt[SQL_READY], 0, NULL));
	}
	if (jb_query_pending(jr))
		return (KORE_RESULT_RETRY);
	if (!jb_query_ok(jr))
		return (jb_respond_problem(jr, 503, NULL,
		    "the database is unavailable", NULL));

	return (
	    jb_respond_json(jr, 200, json_pack("{s:s}", "status", "ready")));
}

/*
 * /metrics: for a caller on this host (the client address, src/addr.c)
 * or one that sends "Authorization: Bearer $JOBBRO_METRICS_TOKEN".
 */
static int
health_metrics_allowed(struct jb_request *jr)
{
	const char *h, *want;
	size_t len;

	if (strncmp(jr->ip, "127.", 4) == 0 || strcmp(jr->ip, "::1") == 0 ||
	    strncmp(jr->ip, "::ffff:127.", 11) == 0)
		return (1);
	if ((want = jb_config.metrics_token) == NULL ||
	    (h = jb_header(jr, "authorization")) == NULL ||
	    strncasecmp(h, "Bearer ", 7) != 0)
		return (0);
	h += 7;
	len = strlen(want);

	return (strlen(h) == len && CRYPTO_memcmp(h, want, len) == 0);
}

static int
health_metrics(struct jb_request *jr)
{
	struct kore_buf buf;
	int r;

	if (!health_metrics_allowed(jr))
		return (jb_respond_problem(jr, 403, NULL,
		    "metrics are for this host, or send the metrics token",
		    NULL));
	kore_buf_init(&buf, 8192);
	if (jb_metrics_render(&buf) == -1) {
		kore_buf_cleanup(&buf);
		return (jb_respond_problem(jr, 404, NULL, NULL, NULL));
	}
	jb_throttle_metrics(&buf);
	r = jb_respond(jr, 200, "text/plain; version=0.0.4; charset=utf-8",
	    (const char *)buf.data, buf.offset);
	kore_buf_cleanup(&buf);

	return (r);
}
