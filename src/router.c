/*
 * router.c — the one request path. jb_dispatch() is Kore's only route:
 * it finds the endpoint in the tables (404, 405 + Allow, CORS preflight),
 * checks the bearer token and the role (401, 403), and runs the
 * endpoint: its own run function, or the table-driven pipeline —
 * validate the query and body (400, 413, 415, 422), hash a password in a
 * task, run the endpoint's api function as one prepared statement and
 * answer from its row (src/query.c); a document's bytes go in and out
 * through src/file.c. Every statement passes the caller
 * through api.session() first, which refuses (401) a token whose user was
 * deactivated or changed since it was issued.
 *
 * jb_router_init() runs in Kore's parent before the workers fork: it
 * registers each table endpoint's statement and names the endpoints for
 * /metrics, and fails when a fixed-size table would overflow.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_batch.h"
#include "jb_bearer.h"
#include "jb_cursor.h"
#include "jb_drain.h"
#include "jb_endpoints.h"
#include "jb_etag.h"
#include "jb_export.h"
#include "jb_file.h"
#include "jb_http.h"
#include "jb_listen.h"
#include "jb_metrics.h"
#include "jb_problem.h"
#include "jb_pubcache.h"
#include "jb_query.h"
#include "jb_roles.h"
#include "jb_router.h"
#include "jb_throttle.h"

#define ROUTER_ENDPOINTS_MAX JB_METRICS_ENDPOINTS

enum {
	GEN_START = 0,
	GEN_HASHING,
	GEN_QUERY,
};

/* The statement of each table endpoint, by endpoint index. */
static int router_stmt[ROUTER_ENDPOINTS_MAX];
static int router_idem_stmt;

static void router_sql(const struct jb_endpoint *, char *, size_t);
static int router_route(struct jb_request *);
static int router_match(const struct jb_endpoint *, const char *,
    struct jb_request *);
static int router_id_ok(int, const char *);
static void router_onfree(struct http_request *);
static void router_db_done(struct jb_db_job *);
static int router_generic(struct jb_request *);
static int router_args(struct jb_request *);
static int router_submit(struct jb_request *);
static int router_idempotency(struct jb_request *);
static json_t *router_ctx(struct jb_request *);
static int router_list_query(struct jb_request *, json_t *, json_t *);
static int router_scope_ok(struct jb_request *);
static int router_has_after(const struct jb_endpoint *);
static int router_conditional(struct jb_request *);
static void router_format(struct jb_request *);
static int router_cached(struct jb_request *);

/*
 * In Kore's parent: register each resource's own statements and one per
 * table endpoint, name the endpoints for /metrics. Returns -1 after
 * saying why when a fixed-size table is too small for what we have.
 */
int
jb_router_init(void)
{
	const struct jb_resource *r;
	const struct jb_endpoint *ep;
	char sql[256];
	int i, index, missed;

	missed = 0;
	for (r = jb_resources; r->name != NULL; r++) {
		for (i = 0; r->sql != NULL && r->sql[i] != NULL; i++) {
			if ((r->stmt[i] = jb_db_statement(r->sql[i])) == -1)
				missed++;
		}
	}
	index = 0;
	for (r = jb_resources; r->name != NULL; r++) {
		for (ep = r->endpoints; ep->path != NULL; ep++, index++) {
			if (index >= ROUTER_ENDPOINTS_MAX)
				continue;
			(void)jb_metrics_label(index,
			    http_method_text(ep->method), ep->path);
			if (ep->function == NULL)
				continue;
			router_sql(ep, sql, sizeof(sql));
			if ((router_stmt[index] = jb_db_statement(sql)) == -1)
				missed++;
		}
	}
	if (jb_query_init() == -1)
		missed++;
	router_idem_stmt = jb_db_statement(
	    "SELECT status, body, etag, next_cursor, " JB_CHANGED
	    " FROM api.idempotent("
	    "$1::text, api.session($2::jsonb), $3::jsonb, $4::text, "
	    "$5::text)");
	if (router_idem_stmt == -1)
		missed++;

	if (index > ROUTER_ENDPOINTS_MAX)
		fprintf(stderr,
		    "jobbro: %d endpoints, but room for %d: raise "
		    "JB_METRICS_ENDPOINTS (include/jb_metrics.h)\n",
		    index, ROUTER_ENDPOINTS_MAX);
	if (missed > 0)
		fprintf(stderr,
		    "jobbro: the SQL statements do not fit in the %d there is "
		    "room for: raise JB_DB_STATEMENTS_MAX (include/jb_db.h)\n",
		    JB_DB_STATEMENTS_MAX);

	return (index > ROUTER_ENDPOINTS_MAX || missed > 0 ? -1 : 0);
}

/*
 * The statement of a table endpoint: its api function's row. An upload's
 * function takes the file as a third argument (bytea, sent binary); a
 * download's returns the file as a sixth column.
 */
static void
router_sql(const struct jb_endpoint *ep, char *sql, size_t len)
{
	(void)snprintf(sql, len,
	    "SELECT status, body, etag, next_cursor, " JB_CHANGED "%s FROM "
	    "api.%s(api.session($1::jsonb), $2::jsonb%s)",
	    (ep->flags & JB_EP_DOWNLOAD) ? ", content" : "", ep->function,
	    (ep->flags & JB_EP_UPLOAD) ? ", $3::bytea" : "");
}

/*
 * Does every api function an endpoint names exist in the database (as
 * api.<function>(jsonb, jsonb)), and may the connected role execute it?
 * Says which not; returns -1 then.
 */
int
jb_router_check_functions(PGconn *pg)
{
	const struct jb_resource *r;
	const struct jb_endpoint *ep;
	const char *params[1], *state;
	PGresult *res;
	char sig[160];
	int ok;

	ok = 1;
	for (r = jb_resources; r->name != NULL; r++) {
		for (ep = r->endpoints; ep->path != NULL; ep++) {
			if (ep->function == NULL)
				continue;
			(void)snprintf(sig, sizeof(sig),
			    "api.%s(jsonb,jsonb%s)", ep->function,
			    (ep->flags & JB_EP_UPLOAD) ? ",bytea" : "");
			params[0] = sig;
			res = PQexecParams(pg,
			    "SELECT CASE WHEN to_regprocedure($1) IS NULL "
			    "THEN 'missing' WHEN has_function_privilege("
			    "to_regprocedure($1), 'EXECUTE') THEN 'ok' "
			    "ELSE 'denied' END",
			    1, NULL, params, NULL, NULL, 0);
			state = PQresultStatus(res) == PGRES_TUPLES_OK
			    ? PQgetvalue(res, 0, 0)
			    : "missing";
			if (strcmp(state, "ok") != 0) {
				fprintf(stderr,
				    "jobbro: %s %s needs %s, which %s\n",
				    http_method_text(ep->method), ep->path, sig,
				    strcmp(state, "denied") == 0
					? "the database role may not execute "
					  "(grants: scripts/migrate.sh)"
					: "the database does not have");
				ok = 0;
			}
			PQclear(res);
		}
	}
	return (ok ? 0 : -1);
}

/* Kore's handler for every path. */
int
jb_dispatch(struct http_request *req)
{
	struct jb_request *jr;

	if ((jr = req->hdlr_extra) == NULL) {
		jr = kore_calloc(1, sizeof(*jr));
		req->hdlr_extra = jr;
		req->onfree = router_onfree;
		jb_drain_enter();
		jr->req = req;
		jr->start = kore_time_ms();
		jr->role = JB_ROLE_ANON;
		jr->ep_index = -1;
		jr->job.done = router_db_done;
		jr->job.arg = jr;
		jb_request_id(jr);
		jb_request_addr(jr);

		if (!router_route(jr))
			return (KORE_RESULT_OK);
		if (!jb_bearer_check(jr))
			return (KORE_RESULT_OK);
		if (!jb_throttle_check(jr))
			return (KORE_RESULT_OK);
		if (!(jr->ep->roles & jr->role)) {
			if (jr->role == JB_ROLE_ANON)
				return (jb_respond_problem(jr, 401, NULL,
				    "this endpoint needs a bearer token",
				    NULL));
			return (jb_respond_problem(jr, 403, NULL,
			    "your role may not do this", NULL));
		}
		if (!router_scope_ok(jr) || router_cached(jr))
			return (KORE_RESULT_OK);
	}

	if (jr->ep->run != NULL)
		return (jr->ep->run(jr));

	return (router_generic(jr));
}

/*
 * An API client's token (claim "scope": space-separated scopes) must
 * carry the endpoint's scope; other tokens have no scope claim and are
 * not limited. Returns 0 after answering 403 insufficient_scope (RFC
 * 6750 §3.1).
 */
static int
router_scope_ok(struct jb_request *jr)
{
	const char *have, *p, *want;
	char header[160];
	size_t len;

	want = jr->ep->scope;
	have = jr->claims
	    ? json_string_value(json_object_get(jr->claims, "scope"))
	    : NULL;
	if (want == NULL || have == NULL)
		return (1);
	len = strlen(want);
	for (p = have; (p = strstr(p, want)) != NULL; p += len) {
		if ((p == have || p[-1] == ' ') &&
		    (p[len] == '\0' || p[len] == ' '))
			return (1);
	}
	(void)snprintf(header, sizeof(header),
	    "Bearer error=\"insufficient_scope\", scope=\"%s\"", want);
	http_response_header(jr->req, "www-authenticate", header);

	(void)jb_respond_oauth(jr, 403, "insufficient_scope",
	    "this API client's token lacks the scope this operation needs");
	return (0);
}

/*
 * An anonymous public read the cache has answers at once (src/pubcache.c);
 * an export (a list asked for as CSV or NDJSON) is streamed, never cached.
 */
static int
router_cached(struct jb_request *jr)
{
	if ((jr->ep->flags & JB_EP_LIST) &&
	    jb_export_format(jb_header(jr, "accept")) != JB_EXPORT_NONE)
		return (0);
	return (jb_pubcache_answer(jr));
}

/* Find the endpoint for the path and method; answer 404/405 if none. */
static int
router_route(struct jb_request *jr)
{
	const struct jb_resource *r;
	const struct jb_endpoint *ep;
	struct kore_buf allow;
	int first, index, method, path_found;
	char *s;

	method = jr->req->method == HTTP_METHOD_HEAD ? HTTP_METHOD_GET
						     : jr->req->method;
	path_found = 0;
	first = -1;
	kore_buf_init(&allow, 64);

	index = 0;
	for (r = jb_resources; r->name != NULL; r++) {
		for (ep = r->endpoints; ep->path != NULL; ep++, index++) {
			if (!router_match(ep, jr->req->path, jr))
				continue;
			if (ep->method == method) {
				kore_buf_cleanup(&allow);
				jr->ep = ep;
				jr->ep_index = index;
				return (1);
			}
			kore_buf_appendf(&allow, "%s%s", path_found ? ", " : "",
			    http_method_text(ep->method));
			if (!path_found)
				first = index;
			path_found = 1;
		}
	}

	if (path_found && jr->req->method == HTTP_METHOD_OPTIONS) {
		/* CORS preflight: browsers ask before they send. */
		s = kore_buf_stringify(&allow, NULL);
		http_response_header(jr->req, "access-control-allow-methods",
		    s);
		http_response_header(jr->req, "access-control-allow-headers",
		    "Authorization, Content-Type, If-Match, Idempotency-Key, "
		    "X-Request-Id");
		http_response_header(jr->req, "access-control-max-age", "600");
		kore_buf_cleanup(&allow);
		jr->ep_index = first; /* metrics: OPTIONS of this route */
		(void)jb_respond(jr, 204, NULL, NULL, 0);
		return (0);
	}
	if (path_found) {
		s = kore_buf_stringify(&allow, NULL);
		http_response_header(jr->req, "allow", s);
		kore_buf_cleanup(&allow);
		(void)jb_respond_problem(jr, 405, NULL,
		    "this method is not allowed here", NULL);
		return (0);
	}
	kore_buf_cleanup(&allow);
	(void)jb_respond_problem(jr, 404, NULL, "no such resource", NULL);

	return (0);
}

/*
 * Match "/v1/jobs/{id}" against path; copy the {id} segment out, and a
 * second {segment} ("/v1/placements/{id}/paperwork/{step}") into sub.
 */
static int
router_match(const struct jb_endpoint *ep, const char *path,
    struct jb_request *jr)
{
	const char *p, *q, *brace;
	char *dst;
	size_t seg, len;
	int n;

	for (p = ep->path, q = path, n = 0; *p != '\0'; n++) {
		if ((brace = strchr(p, '{')) == NULL)
			return (strcmp(p, q) == 0);
		if (strncmp(p, q, brace - p) != 0)
			return (0);
		q += brace - p;
		dst = n == 0 ? jr->path_id : jr->path_sub;
		len = n == 0 ? sizeof(jr->path_id) : sizeof(jr->path_sub);
		seg = strcspn(q, "/");
		if (seg == 0 || seg >= len || n > 1)
			return (0);
		memcpy(dst, q, seg);
		dst[seg] = '\0';
		q += seg;
		p = strchr(brace, '}') + 1;
	}
	if (*q != '\0')
		return (0);

	return (1);
}

static int
router_id_ok(int type, const char *id)
{
	if (type == JB_ID_UUID)
		return (jb_valid_uuid(id));
	if (type == JB_ID_CODE)
		return (jb_valid_code(id));
	if (type == JB_ID_NAME)
		return (jb_valid_name(id));
	return (1);
}

/* Kore frees the request: detach from the pool, drop our JSON. */
static void
router_onfree(struct http_request *req)
{
	struct jb_request *jr = req->hdlr_extra;

	if (jr == NULL)
		return;
	/* Kore may call this again while a task is still running. */
	if (jr->req != NULL) {
		jr->req = NULL;
		jb_drain_leave();
	}
	jb_db_cancel(&jr->job);
	jb_export_free(jr);
	jb_pubcache_forget(jr);
	json_decref(jr->claims);
	json_decref(jr->args);
	json_decref(jr->scratch);
	free(jr->ctx_text);
	free(jr->args_text);
	jr->claims = jr->args = jr->scratch = NULL;
	jr->ctx_text = jr->args_text = NULL;
}

static void
router_db_done(struct jb_db_job *job)
{
	struct jb_request *jr = job->arg;

	http_request_wakeup(jr->req);
}

/* The table-driven endpoint: validate, (hash), query, answer. */
static int
router_generic(struct jb_request *jr)
{
	json_t *body;
	const char *pw;

	switch (jr->state) {
	case GEN_START:
		if ((jr->ep->id != JB_ID_NONE &&
			!router_id_ok(jr->ep->id, jr->path_id)) ||
		    (jr->ep->sub != JB_ID_NONE &&
			!router_id_ok(jr->ep->sub, jr->path_sub)))
			return (jb_respond_problem(jr, 404, NULL,
			    "no such resource", NULL));
		if (!router_idempotency(jr) || !router_args(jr))
			return (KORE_RESULT_OK);
		(void)jb_export_begin(jr, router_stmt[jr->ep_index]);
		body = json_object_get(jr->args, "body");
		pw = json_string_value(json_object_get(body, "password"));
		if ((jr->ep->flags & JB_EP_HASH_PASSWORD) && pw != NULL) {
			jr->state = GEN_HASHING;
			return (jb_request_hash(jr, JB_HASH_MAKE, pw, NULL));
		}
		return (router_submit(jr));
	case GEN_HASHING:
		if (!jb_password_task_done(&jr->hash))
			return (KORE_RESULT_RETRY);
		if (!jr->hash.ok)
			return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
		body = json_object_get(jr->args, "body");
		json_object_del(body, "password");
		json_object_set_new(body, "password_hash",
		    json_string(jr->hash.encoded));
		return (router_submit(jr));
	case GEN_QUERY:
		if (jb_query_pending(jr))
			return (KORE_RESULT_RETRY);
		if (jr->export != NULL)
			return (jb_export_step(jr));
		if ((jr->ep->flags & JB_EP_DOWNLOAD) && jb_query_ok(jr))
			return (jb_file_answer(jr));
		return (jb_query_answer(jr));
	}

	return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
}

/*
 * Build jr->args: {"id","query","body","if_match"}. Returns 0 after
 * answering 400/413/415/422.
 */
static int
router_args(struct jb_request *jr)
{
	const struct jb_endpoint *ep = jr->ep;
	json_t *errors, *query, *body;
	const char *h;

	jr->args = json_object();
	if (ep->id != JB_ID_NONE)
		json_object_set_new(jr->args, "id", json_string(jr->path_id));
	if (ep->sub != JB_ID_NONE)
		json_object_set_new(jr->args, "sub", json_string(jr->path_sub));

	if (ep->query != NULL) {
		errors = jb_errors_new();
		query =
		    jb_query_parse(jr->req->query_string, ep->query, errors);
		if ((ep->flags & JB_EP_LIST) && json_array_size(errors) == 0)
			(void)router_list_query(jr, query, errors);
		json_object_set_new(jr->args, "query", query);
		if (json_array_size(errors) > 0) {
			(void)jb_respond_problem(jr, 400, NULL,
			    "a query parameter is not acceptable", errors);
			return (0);
		}
		json_decref(errors);
	}

	if (ep->flags & (JB_EP_CREATE | JB_EP_PATCH | JB_EP_BATCH)) {
		(void)jb_body_json(jr, &body);
		if (body == NULL)
			return (0);
		json_object_set_new(jr->args, "body", body);
		errors = jb_errors_new();
		if (!json_is_object(body))
			jb_errors_add(errors, "body", "invalid_type",
			    "the body must be a JSON object");
		else if (ep->flags & JB_EP_BATCH)
			(void)jb_batch_validate(jr->args, body, ep->body,
			    errors);
		else
			(void)jb_validate_object(body, ep->body,
			    (ep->flags & JB_EP_PATCH) ? JB_V_PATCH
						      : JB_V_CREATE,
			    NULL, errors);
		if (json_array_size(errors) > 0) {
			(void)jb_respond_problem(jr, 422, NULL,
			    "one or more fields are not acceptable", errors);
			return (0);
		}
		json_decref(errors);
	}

	if ((ep->flags & JB_EP_UPLOAD) && !jb_file_body(jr))
		return (0);

	if ((ep->flags & JB_EP_IF_MATCH) &&
	    (h = jb_header(jr, "if-match")) != NULL)
		json_object_set_new(jr->args, "if_match", json_string(h));
	if ((ep->flags & (JB_EP_LIST | JB_EP_DOWNLOAD)) &&
	    !router_conditional(jr))
		return (0);
	if (ep->flags & JB_EP_BASE_URL)
		json_object_set_new(jr->args, "base_url",
		    jb_request_base_url(jr));
	router_format(jr);

	return (1);
}

/* args.format "jsonld" when the answer is JSON-LD (jb_request_jsonld). */
static void
router_format(struct jb_request *jr)
{
	if (jb_request_jsonld(jr))
		json_object_set_new(jr->args, "format", json_string("jsonld"));
}

/*
 * limit defaults to 20; a cursor must be one we issued for this list and
 * these filters (jb_cursor_scope: the other query parameters, not
 * limit). A list whose query table has "after" (the change feed) takes
 * it as its cursor.
 */
static int
router_list_query(struct jb_request *jr, json_t *query, json_t *errors)
{
	json_t *keys;
	const char *cursor, *name;

	if (json_object_get(query, "limit") == NULL)
		json_object_set_new(query, "limit", json_integer(20));
	/* The change feed's position holds whatever the filters. */
	jb_cursor_scope(jr->ep->function,
	    router_has_after(jr->ep) ? NULL : query, jr->cursor_scope);
	name = "cursor";
	cursor = json_string_value(json_object_get(query, name));
	if (cursor == NULL && json_object_get(query, "after") != NULL) {
		name = "after";
		cursor = json_string_value(json_object_get(query, name));
	}
	if (cursor == NULL)
		return (1);
	if ((keys = jb_cursor_decode(jr->cursor_scope, cursor)) == NULL) {
		jb_errors_add(errors, name, "invalid_format",
		    "%s is not one this API issued for this list with these "
		    "filters; send the filters of the page it came from",
		    name);
		return (0);
	}
	json_object_del(query, "after");
	json_object_set_new(query, "cursor", keys);

	return (1);
}

/*
 * A GET of a list: args.tag_salt (what a page's tag depends on beyond
 * its rows: this build of the api and the cursor key) for the lists
 * whose SQL makes their own tag (api.page_tag), and If-None-Match as
 * args.if_none_match, so such a list answers 304 before it builds the
 * page; a download then leaves its bytes out. Returns 0 after answering
 * 400 for a malformed If-None-Match.
 */
static int
router_conditional(struct jb_request *jr)
{
	static char salt[17];
	const char *h;

	if (jr->req->method != HTTP_METHOD_GET &&
	    jr->req->method != HTTP_METHOD_HEAD)
		return (1);
	if (salt[0] == '\0')
		jb_cursor_salt(JOBBRO_API_HASH, salt, sizeof(salt));
	json_object_set_new(jr->args, "tag_salt", json_string(salt));
	if ((h = jb_header(jr, "if-none-match")) == NULL)
		return (1);
	if (jb_etag_match(h, "\"\"") == JB_ETAG_MALFORMED) {
		(void)jb_respond_bad_inm(jr);
		return (0);
	}
	/*
	 * A cache miss needs the page itself to keep; the 304, if the tag
	 * still matches, is then made from it (src/query.c).
	 */
	if (jr->cache_key == NULL)
		json_object_set_new(jr->args, "if_none_match", json_string(h));

	return (1);
}

/* Does the endpoint's query take "after" (a feed position)? */
static int
router_has_after(const struct jb_endpoint *ep)
{
	const struct jb_field *f;

	for (f = ep->query; f != NULL && f->name != NULL; f++) {
		if (strcmp(f->name, "after") == 0)
			return (1);
	}
	return (0);
}

static int
router_submit(struct jb_request *jr)
{
	const char *params[5], *lsn;
	json_t *ctx;

	ctx = router_ctx(jr);
	jr->ctx_text = json_dumps(ctx, JSON_COMPACT);
	json_decref(ctx);
	jr->args_text = json_dumps(jr->args, JSON_COMPACT);
	if (jr->ctx_text == NULL || jr->args_text == NULL)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	jr->state = GEN_QUERY;
	if (jr->idem_key != NULL) {
		params[0] = jr->ep->function;
		params[1] = jr->ctx_text;
		params[2] = jr->args_text;
		params[3] = jr->idem_key;
		params[4] = jr->idem_hash;
		return (jb_query_run(jr, router_idem_stmt, 5, params));
	}
	params[0] = jr->ctx_text;
	params[1] = jr->args_text;
	if (jr->ep->flags & JB_EP_UPLOAD) {
		params[2] = (const char *)jr->file;
		return (jb_query_run_file(jr, router_stmt[jr->ep_index], 3,
		    params, jr->file_len, 0));
	}
	if (jr->ep->flags & JB_EP_DOWNLOAD)
		return (jb_query_run_file(jr, router_stmt[jr->ep_index], 2,
		    params, 0, 1));
	/*
	 * A read the replica may answer (src/query.c decides if it does). A
	 * cache miss only from a replica that has replayed the last change
	 * this worker heard of (src/listen.c); while that is unknown, the
	 * primary answers.
	 */
	if ((jr->ep->flags & JB_EP_REPLICA) && jr->export == NULL &&
	    (jr->req->method == HTTP_METHOD_GET ||
		jr->req->method == HTTP_METHOD_HEAD)) {
		if (jr->cache_key == NULL)
			return (
			    jb_query_read(jr, router_stmt[jr->ep_index], NULL));
		if ((lsn = jb_listen_lsn()) != NULL)
			return (
			    jb_query_read(jr, router_stmt[jr->ep_index], lsn));
	}

	return (jb_query_run(jr, router_stmt[jr->ep_index], 2, params));
}

/*
 * Idempotency-Key on a table-driven POST: remember the key and a digest
 * of the request as sent (path and body bytes, before any password is
 * hashed). Returns 0 after answering 400 for a malformed key.
 */
static int
router_idempotency(struct jb_request *jr)
{
	const char *key, *p;
	json_t *errors;

	/* An upload is not replayed: its function takes the file itself. */
	if (jr->req->method != HTTP_METHOD_POST ||
	    (jr->ep->flags & JB_EP_UPLOAD) ||
	    (key = jb_header(jr, "idempotency-key")) == NULL)
		return (1);
	for (p = key; *p != '\0' && *p > ' ' && *p < 0x7f; p++)
		;
	if (*p != '\0' || p == key || p - key > 255) {
		errors = jb_errors_new();
		jb_errors_add(errors, "Idempotency-Key", "invalid_format",
		    "Idempotency-Key must be 1 to 255 visible ASCII "
		    "characters");
		(void)jb_respond_problem(jr, 400, NULL,
		    "the Idempotency-Key header is malformed", errors);
		return (0);
	}
	jr->idem_key = key;
	jb_request_digest(jr, jr->idem_hash);

	return (1);
}

/*
 * Who is calling, for SQL's WHERE: from the verified token only (ver: the
 * user's or API client's token_version it was issued at; client_id and
 * scope: an API client's); and from where, for the audit.
 */
static json_t *
router_ctx(struct jb_request *jr)
{
	json_t *c, *codes, *v;
	const char *keys[] = {"sub", "employer_id", "seeker_id", "client_id",
	    "scope", NULL};
	int i;

	c = json_pack("{s:s, s:s}", "role", jb_role_name(jr->role),
	    "request_id", jr->request_id);
	json_object_set_new(c, "ip",
	    jr->ip[0] != '\0' ? json_string(jr->ip) : json_null());
	v = jr->claims ? json_object_get(jr->claims, "ver") : NULL;
	json_object_set_new(c, "ver",
	    json_is_integer(v) ? json_incref(v) : json_integer(0));
	for (i = 0; keys[i] != NULL; i++) {
		v = jr->claims ? json_object_get(jr->claims, keys[i]) : NULL;
		json_object_set_new(c, keys[i],
		    json_is_string(v) ? json_incref(v) : json_null());
	}
	codes = jr->claims ? json_object_get(jr->claims, "municipality_codes")
			   : NULL;
	json_object_set_new(c, "municipality_codes",
	    json_is_array(codes) ? json_incref(codes) : json_array());

	return (c);
}
