/*
 * jb_endpoint.h — what an endpoint is: one const table entry per route
 * and method, written with designated initializers in
 * src/endpoints/<resource>.c. A table-driven endpoint names its SQL
 * function (api.<function>(ctx, args)); the few that need several steps
 * (tokens, health) have a run function instead. .scope names the OAuth
 * scope an API client's token must carry (jobs:read, seekers:read,
 * seekers:refer, placements:read, events:read, webhooks:manage; see
 * api-spec/README.md); tokens without a scope claim (users) are not
 * limited by it. A path may have a second {segment} after {id}
 * ("/v1/placements/{id}/paperwork/{step}"); .sub says what it must be
 * and SQL gets it as args.sub. A JB_EP_UPLOAD function is
 * api.<function>(ctx, args, content bytea); a JB_EP_DOWNLOAD function
 * returns TABLE(status, body, etag, next_cursor, content bytea).
 */
#ifndef JB_ENDPOINT_H
#define JB_ENDPOINT_H

#include "jb_roles.h"
#include "jb_validate.h"

/* Kinds of {id} path segment. */
#define JB_ID_NONE 0
#define JB_ID_UUID 1
#define JB_ID_CODE 2
#define JB_ID_NAME 3 /* a second segment: [a-z0-9_], 1-63 */

/* Endpoint flags. */
#define JB_EP_LIST 0x01 /* limit + cursor, Link header */
#define JB_EP_CREATE 0x02 /* JSON body, required fields */
#define JB_EP_PATCH 0x04 /* JSON body, all fields optional */
#define JB_EP_HASH_PASSWORD 0x08 /* body.password -> password_hash */
#define JB_EP_IF_MATCH 0x10 /* pass If-Match to SQL */
#define JB_EP_LOCATION 0x20 /* 201: Location: <path>/<body.id> */
#define JB_EP_NO_BEARER 0x40 /* Authorization is not a bearer token */
#define JB_EP_OAUTH 0x80 /* 400s carry RFC 6749 "error" */
#define JB_EP_CALENDAR 0x100 /* body is a JSON string: text/calendar */
#define JB_EP_BASE_URL 0x200 /* args.base_url: the API's public URL */
#define JB_EP_BATCH 0x1000 /* {"items": [create bodies]} (src/batch.c) */
#define JB_EP_NOT_PERSONAL 0x2000 /* authenticated: private, not no-store */
#define JB_EP_JSONLD 0x4000 /* JSON-LD: a list always, one if Accept asks */
#define JB_EP_CACHE 0x8000 /* anonymous 200s: public-read cache, max_age */
#define JB_EP_REPLICA 0x10000 /* GET: the read replica may answer */
#define JB_EP_CACHE_STATS 0x20000 /* token callers' 200s: cached per caller */
#define JB_EP_UPLOAD 0x40000 /* body: a file (src/file.c), SQL's 3rd arg */
#define JB_EP_DOWNLOAD 0x80000 /* answer: the file SQL's row holds */

/* The scopes of API clients' tokens (struct jb_endpoint .scope). */
#define JB_SCOPE_JOBS_READ "jobs:read"
#define JB_SCOPE_SEEKERS_READ "seekers:read"
#define JB_SCOPE_SEEKERS_REFER "seekers:refer"
#define JB_SCOPE_PLACEMENTS_READ "placements:read"
#define JB_SCOPE_EVENTS_READ "events:read"
#define JB_SCOPE_WEBHOOKS_MANAGE "webhooks:manage"

struct jb_request;

struct jb_endpoint {
	int method; /* HTTP_METHOD_* */
	const char *path; /* "/v1/jobs/{id}/publish" */
	int id; /* JB_ID_*: what {id} must be */
	int sub; /* JB_ID_*: what a second {segment} must be (args.sub) */
	unsigned int roles; /* JB_ROLE_* bits allowed */
	const struct jb_field *query;
	const struct jb_field *body;
	int flags; /* JB_EP_* */
	const char *function; /* api.<function>(ctx, args) */
	const char *scope; /* an API client's token needs it; NULL: none */
	int max_age; /* > 0: anonymous answers are public for max_age s */
	int (*run)(struct jb_request *); /* instead of a function */
};

#define JB_ENDPOINTS_END \
	{ \
		.path = NULL \
	}

/* The limit and cursor of every list endpoint's query table. */
#define JB_LIST_QUERY \
	{"limit", JB_T_INT, 0, 1, 100, NULL, NULL}, \
	{ \
		"cursor", JB_T_STRING, 0, 1, 512, NULL, NULL \
	}

#endif
