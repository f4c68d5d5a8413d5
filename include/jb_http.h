/*
 * jb_http.h — the request machinery every endpoint shares: the endpoint
 * table entry, the per-request context, and the response helpers.
 */
#ifndef JB_HTTP_H
#define JB_HTTP_H

#include <kore/kore.h>
#include <kore/http.h>
#include <kore/tasks.h>

#include <jansson.h>

#include "jb_db.h"
#include "jb_validate.h"

/* Roles, as a bit set in endpoint tables. */
#define JB_ROLE_ANON 0x01
#define JB_ROLE_ADMIN 0x02
#define JB_ROLE_CONSULTANT 0x04
#define JB_ROLE_EMPLOYER 0x08
#define JB_ROLE_SEEKER 0x10
#define JB_ROLE_PARTNER 0x20
#define JB_ROLES_USERS 0x3e
#define JB_ROLES_ALL 0x3f

/* Kinds of {id} path segment. */
#define JB_ID_NONE 0
#define JB_ID_UUID 1
#define JB_ID_CODE 2

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

#define JB_BODY_MAX (1024 * 1024)
#define JB_JSON_DEPTH_MAX 32
#define JB_TMP_LEN 160

struct jb_request;

struct jb_endpoint {
	int method;
	const char *path; /* "/v1/jobs/{id}/publish" */
	int id_type;
	unsigned int roles;
	const struct jb_field *query;
	const struct jb_field *body;
	int flags;
	const char *function; /* api.<function>(ctx, args) */
	int (*run)(struct jb_request *);
	int stmt; /* set by jb_router_init() */
};

/* Password hashing off the event loop. */
#define JB_HASH_MAKE 1
#define JB_HASH_VERIFY 2

struct jb_hash_task {
	struct kore_task task; /* first */
	char password[256];
	char encoded[160];
	char verify[160]; /* JB_HASH_VERIFY: against */
	int mode;
	int ok;
};

struct jb_request {
	struct http_request *req;
	const struct jb_endpoint *ep;
	int state;
	int status;
	uint64_t start;
	char request_id[129];
	int retry_after; /* seconds, for a 429 */
	int ep_index; /* position in the tables, for /metrics */
	const char *idem_key;
	char idem_hash[65];
	char path_id[40];

	unsigned int role;
	json_t *claims;

	json_t *args;
	char *ctx_text;
	char *args_text;
	struct jb_db_job job;
	struct jb_hash_task hash;
	int hashing;

	json_t *scratch; /* handler's own */
	char tmp[3][JB_TMP_LEN];
};

/* The limit and cursor of every list endpoint's query table. */
#define JB_LIST_QUERY \
	{"limit", JB_T_INT, 0, 1, 100, NULL, NULL}, \
	{ \
		"cursor", JB_T_STRING, 0, 1, 512, NULL, NULL \
	}

/* jobbro.c */
int jb_draining(void);

/* router.c */
void jb_router_init(void);
int jb_router_inflight(void);
const struct jb_endpoint *jb_router_endpoint(int);
int jb_dispatch(struct http_request *);
int jb_request_query(struct jb_request *, int, int, const char **);
int jb_respond_db(struct jb_request *);
const char *jb_role_name(unsigned int);
unsigned int jb_role_bit(const char *);

/* http.c */
int jb_respond(struct jb_request *, int, const char *, const char *, size_t);
int jb_respond_json(struct jb_request *, int, json_t *);
int jb_respond_problem(struct jb_request *, int, const char *, const char *,
    json_t *);
int jb_respond_oauth(struct jb_request *, int, const char *, const char *);
void jb_request_id(struct jb_request *);
int jb_body_json(struct jb_request *, json_t **);
void jb_request_digest(struct jb_request *, char *);
int jb_content_type_is(struct jb_request *, const char *);
const char *jb_header(struct jb_request *, const char *);
void jb_log_request(struct jb_request *);

/* auth.c */
void jb_auth_init(void);
int jb_auth_bearer(struct jb_request *);

/* password.c */
int jb_request_hash(struct jb_request *, int, const char *, const char *);
extern struct jb_endpoint jb_auth_endpoints[];

/* health.c */
void jb_health_init(void);

/* Endpoint tables, one per resource file. */
extern struct jb_endpoint jb_health_endpoints[];
extern struct jb_endpoint jb_metrics_endpoints[];
extern struct jb_endpoint jb_user_endpoints[];
extern struct jb_endpoint jb_municipality_endpoints[];
extern struct jb_endpoint jb_employer_endpoints[];
extern struct jb_endpoint jb_job_endpoints[];
extern struct jb_endpoint jb_seeker_endpoints[];
extern struct jb_endpoint jb_application_endpoints[];
extern struct jb_endpoint jb_interview_endpoints[];
extern struct jb_endpoint jb_placement_endpoints[];
extern struct jb_endpoint jb_follow_up_endpoints[];
extern struct jb_endpoint jb_stats_endpoints[];

#endif
