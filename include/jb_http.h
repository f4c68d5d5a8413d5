/*
 * jb_http.h — one request on its way through Jobbro (struct jb_request)
 * and what every answer has in common: status, content type,
 * X-Request-Id, problem+json errors, the JSON log line; reading a JSON
 * request body safely.
 */
#ifndef JB_HTTP_H
#define JB_HTTP_H

#include <kore/kore.h>
#include <kore/http.h>

#include <jansson.h>

#include "jb_addr.h"
#include "jb_cursor.h"
#include "jb_db.h"
#include "jb_endpoint.h"
#include "jb_password.h"
#include "jb_ratelimit.h"

#define JB_BODY_MAX (1024 * 1024)
#define JB_JSON_DEPTH_MAX 32
#define JB_TMP_LEN 160

struct jb_export;

struct jb_request {
	struct http_request *req;
	const struct jb_endpoint *ep;
	int ep_index; /* position in the tables, for statements and metrics */
	int state; /* the handler's own step */
	int status;
	uint64_t start;
	char request_id[129];
	char ip[JB_ADDR_LEN]; /* the client (src/addr.c) */
	int retry_after; /* seconds, for a 429 or 503 */
	struct jb_ratelimit rl; /* the RateLimit-* headers (src/throttle.c) */
	const char *idem_key;
	char idem_hash[65];
	char path_id[40];
	char path_sub[64]; /* a second {segment}: args.sub */
	char cursor_scope[JB_CURSOR_SCOPE_LEN]; /* a list's, jb_cursor_scope */
	char *cache_key; /* a cacheable miss (src/pubcache.c) */
	char *cache_link;
	uint64_t cache_gen;

	unsigned int role;
	json_t *claims;

	json_t *args;
	char *ctx_text;
	char *args_text;
	struct jb_db_job job;
	int read_step; /* a read on its way via the replica (src/query.c) */
	int read_stmt;
	char read_lsn[32];
	struct jb_hash_task hash;

	struct jb_export *export; /* a bulk export (src/export.c) */
	const u_int8_t *file; /* an upload's bytes (src/file.c) */
	size_t file_len;
	json_t *scratch; /* handler's own */
	char tmp[3][JB_TMP_LEN];
};

int jb_respond(struct jb_request *, int, const char *, const char *, size_t);
int jb_respond_json(struct jb_request *, int, json_t *);
int jb_respond_etag(struct jb_request *, int, const char *, const char *,
    size_t, const char *);
int jb_respond_tagged(struct jb_request *, int, const char *, const char *,
    size_t, const char *);
int jb_respond_not_modified(struct jb_request *);
int jb_respond_bad_inm(struct jb_request *);
int jb_respond_problem(struct jb_request *, int, const char *, const char *,
    json_t *);
int jb_respond_oauth(struct jb_request *, int, const char *, const char *);
void jb_request_id(struct jb_request *);
void jb_request_addr(struct jb_request *);
json_t *jb_request_base_url(struct jb_request *);
int jb_request_jsonld(struct jb_request *);
int jb_body_json(struct jb_request *, json_t **);
void jb_request_digest(struct jb_request *, char *);
int jb_content_type_is(struct jb_request *, const char *);
const char *jb_header(struct jb_request *, const char *);
int jb_request_hash(struct jb_request *, int, const char *, const char *);
void jb_log_flush(void);

#endif
