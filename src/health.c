/*
 * health.c — /healthz (the process answers), /readyz (the database
 * answers) and /v1/openapi.json (the contract, loaded at startup).
 */
#include <string.h>

#include "jb_config.h"
#include "jb_http.h"

static int health_live(struct jb_request *);
static int health_ready(struct jb_request *);
static int health_openapi(struct jb_request *);

static int stmt_ready;

/* clang-format off */
struct jb_endpoint jb_health_endpoints[] = {
	{ HTTP_METHOD_GET, "/healthz", JB_ID_NONE, JB_ROLES_ALL, NULL, NULL,
	    JB_EP_NO_BEARER, NULL, health_live, 0 },
	{ HTTP_METHOD_GET, "/readyz", JB_ID_NONE, JB_ROLES_ALL, NULL, NULL,
	    JB_EP_NO_BEARER, NULL, health_ready, 0 },
	{ HTTP_METHOD_GET, "/v1/openapi.json", JB_ID_NONE, JB_ROLES_ALL, NULL,
	    NULL, JB_EP_NO_BEARER, NULL, health_openapi, 0 },
	{ 0, NULL, 0, 0, NULL, NULL, 0, NULL, NULL, 0 }
};
/* clang-format on */

void
jb_health_init(void)
{
	stmt_ready = jb_db_statement("ready", "SELECT api.ready()");
}

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
		return (jb_request_query(jr, stmt_ready, 0, NULL));
	}
	if (jr->job.status == JB_DB_PENDING)
		return (KORE_RESULT_RETRY);
	if (jr->job.status != JB_DB_OK)
		return (jb_respond_problem(jr, 503, NULL,
		    "the database is unavailable", NULL));

	return (
	    jb_respond_json(jr, 200, json_pack("{s:s}", "status", "ready")));
}

static int
health_openapi(struct jb_request *jr)
{
	if (jb_config.openapi_json == NULL)
		return (jb_respond_problem(jr, 404, NULL,
		    "the server was started without JOBBRO_OPENAPI_JSON",
		    NULL));
	http_response_header(jr->req, "cache-control", "public, max-age=300");

	return (jb_respond(jr, 200, "application/json; charset=utf-8",
	    jb_config.openapi_json, jb_config.openapi_len));
}
