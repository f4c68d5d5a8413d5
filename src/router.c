/*
 * router.c — the one generic request path. jb_dispatch() is Kore's only
 * route: it matches the endpoint tables (404, 405 + Allow), checks the
 * bearer token and the role (401, 403), validates the query and body
 * (400, 413, 415, 422), runs the endpoint's single SQL function and turns
 * its row into the response (ETag, Location, Link, problem+json errors).
 * An endpoint is a table entry; only auth needs its own run function.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_config.h"
#include "jb_cursor.h"
#include "jb_http.h"
#include "jb_metrics.h"
#include "jb_problem.h"

#define ROUTE_SEGMENTS_MAX 8

enum {
	GEN_START = 0,
	GEN_HASHING,
	GEN_QUERY,
};

/* clang-format off */
static struct jb_endpoint	*router_tables[] = {
	jb_health_endpoints,
	jb_metrics_endpoints,
	jb_auth_endpoints,
	jb_user_endpoints,
	jb_municipality_endpoints,
	jb_employer_endpoints,
	jb_job_endpoints,
	jb_seeker_endpoints,
	jb_application_endpoints,
	jb_interview_endpoints,
	jb_placement_endpoints,
	jb_follow_up_endpoints,
	jb_stats_endpoints,
	NULL
};

static const struct {
	unsigned int	bit;
	const char	*name;
} router_roles[] = {
	{ JB_ROLE_ANON, "anonymous" },
	{ JB_ROLE_ADMIN, "admin" },
	{ JB_ROLE_CONSULTANT, "consultant" },
	{ JB_ROLE_EMPLOYER, "employer" },
	{ JB_ROLE_SEEKER, "seeker" },
	{ JB_ROLE_PARTNER, "partner" },
	{ 0, NULL }
};
/* clang-format on */

static int router_route(struct jb_request *);
static int router_match(const struct jb_endpoint *, const char *, char *,
    size_t);
static int router_id_ok(int, const char *);
static void router_onfree(struct http_request *);
static void router_db_done(struct jb_db_job *);
static int router_generic(struct jb_request *);
static int router_args(struct jb_request *);
static int router_submit(struct jb_request *);
static int router_idempotency(struct jb_request *);
static json_t *router_ctx(struct jb_request *);
static int router_list_query(struct jb_request *, json_t *, json_t *);
static int router_respond_row(struct jb_request *);
static int router_respond_list(struct jb_request *, int, const char *,
    const char *);
static int router_respond_text(struct jb_request *, int, const char *,
    const char *);
static void router_link(struct jb_request *, const char *);
static void router_location(struct jb_request *, const char *);

/* Requests accepted and not yet freed, for a graceful stop. */
static int router_inflight;
static int router_idem_stmt;

int
jb_router_inflight(void)
{
	return (router_inflight);
}

/* The endpoint at a position of the tables, for /metrics' labels. */
const struct jb_endpoint *
jb_router_endpoint(int index)
{
	struct jb_endpoint *ep;
	int i;

	for (i = 0; router_tables[i] != NULL; i++) {
		for (ep = router_tables[i]; ep->path != NULL; ep++) {
			if (index-- == 0)
				return (ep);
		}
	}
	return (NULL);
}

/* Register one statement per table-driven endpoint. */
void
jb_router_init(void)
{
	struct jb_endpoint *ep;
	char sql[256];
	int i;

	for (i = 0; router_tables[i] != NULL; i++) {
		for (ep = router_tables[i]; ep->path != NULL; ep++) {
			if (ep->function == NULL)
				continue;
			(void)snprintf(sql, sizeof(sql),
			    "SELECT status, body, etag, next_cursor FROM "
			    "api.%s($1::jsonb, $2::jsonb)",
			    ep->function);
			ep->stmt = jb_db_statement(ep->function, sql);
		}
	}
	router_idem_stmt = jb_db_statement("idempotent",
	    "SELECT status, body, etag, next_cursor FROM api.idempotent("
	    "$1::text, $2::jsonb, $3::jsonb, $4::text, $5::text)");
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
		router_inflight++;
		jr->req = req;
		jr->start = kore_time_ms();
		jr->role = JB_ROLE_ANON;
		jr->ep_index = -1;
		jr->job.done = router_db_done;
		jr->job.arg = jr;
		jb_request_id(jr);

		if (!router_route(jr))
			return (KORE_RESULT_OK);
		if (!jb_auth_bearer(jr))
			return (KORE_RESULT_OK);
		if (!(jr->ep->roles & jr->role)) {
			if (jr->role == JB_ROLE_ANON)
				return (jb_respond_problem(jr, 401, NULL,
				    "this endpoint needs a bearer token",
				    NULL));
			return (jb_respond_problem(jr, 403, NULL,
			    "your role may not do this", NULL));
		}
	}

	if (jr->ep->run != NULL)
		return (jr->ep->run(jr));

	return (router_generic(jr));
}

/*
 * Submit statement stmt with n text params for jr; the handler is called
 * again when it is done. Returns what the handler should return.
 */
int
jb_request_query(struct jb_request *jr, int stmt, int n, const char **params)
{
	int i;

	jb_db_job_reset(&jr->job);
	jr->job.stmt = stmt;
	jr->job.nparams = n;
	for (i = 0; i < n && i < JB_DB_PARAMS_MAX; i++)
		jr->job.params[i] = params[i];
	jr->job.idempotent = jr->req->method == HTTP_METHOD_GET ||
	    jr->req->method == HTTP_METHOD_HEAD;

	if (jb_db_submit(&jr->job) == JB_DB_UNAVAILABLE)
		return (KORE_RESULT_RETRY);
	if (jr->job.status == JB_DB_PENDING)
		http_request_sleep(jr->req);

	return (KORE_RESULT_RETRY);
}

const char *
jb_role_name(unsigned int bit)
{
	int i;

	for (i = 0; router_roles[i].name != NULL; i++) {
		if (router_roles[i].bit == bit)
			return (router_roles[i].name);
	}
	return ("anonymous");
}

unsigned int
jb_role_bit(const char *name)
{
	int i;

	for (i = 0; router_roles[i].name != NULL; i++) {
		if (name != NULL && strcmp(router_roles[i].name, name) == 0)
			return (router_roles[i].bit);
	}
	return (0);
}

/*
 * Answer from a finished job: 503 when the database was unreachable, the
 * mapped status for an error, or the row the function returned.
 */
int
jb_respond_db(struct jb_request *jr)
{
	struct jb_db_error e;
	json_t *errors;
	char field[64];
	int status;

	if (jr->job.status == JB_DB_UNAVAILABLE) {
		jb_metrics_db_unavailable();
		return (jb_respond_problem(jr, 503, NULL,
		    "the database is unavailable; retry shortly", NULL));
	}
	if (jr->job.status == JB_DB_OK)
		return (router_respond_row(jr));

	jb_db_error_info(&jr->job, &e);
	status = jb_db_error_status(&e, jr->req->method == HTTP_METHOD_DELETE);
	if (status >= 500) {
		kore_log(LOG_ERR, "request %s: sql error %s: %s",
		    jr->request_id, e.sqlstate, e.message ? e.message : "");
		return (jb_respond_problem(jr, status, NULL,
		    status == 503 ? "the database is unavailable; retry shortly"
				  : NULL,
		    NULL));
	}

	jb_db_field(&e, field, sizeof(field));
	errors = NULL;
	if ((status == 422 || status == 400) && field[0] != '\0') {
		errors = jb_errors_new();
		jb_errors_add(errors, field,
		    e.hint != NULL
			? e.hint
			: (strcmp(e.sqlstate, "23503") == 0 ? "not_found"
							    : "invalid_value"),
		    "%s", e.message ? e.message : "invalid");
	} else if (strcmp(e.sqlstate, "23505") == 0 && field[0] != '\0') {
		errors = jb_errors_new();
		jb_errors_add(errors, field, "duplicate",
		    "%s is already in use", field);
		return (jb_respond_problem(jr, 409, NULL,
		    "a resource with this value already exists", errors));
	} else if (strcmp(e.sqlstate, "23P01") == 0 && field[0] != '\0') {
		errors = jb_errors_new();
		jb_errors_add(errors, field, "overlap",
		    "%s already has something booked at this time", field);
		return (jb_respond_problem(jr, 409, NULL,
		    "this overlaps another booking", errors));
	}
	if (strncmp(e.sqlstate, "JB", 2) != 0)
		return (jb_respond_problem(jr, status, NULL,
		    status == 422 ? "a field is not acceptable" : NULL,
		    errors));

	return (jb_respond_problem(jr, status, NULL, e.message, errors));
}

/* Find the endpoint for the path and method; answer 404/405 if none. */
static int
router_route(struct jb_request *jr)
{
	struct jb_endpoint *ep;
	struct kore_buf allow;
	int i, index, method, path_found;
	char *s;

	method = jr->req->method == HTTP_METHOD_HEAD ? HTTP_METHOD_GET
						     : jr->req->method;
	path_found = 0;
	kore_buf_init(&allow, 64);

	index = 0;
	for (i = 0; router_tables[i] != NULL; i++) {
		for (ep = router_tables[i]; ep->path != NULL; ep++, index++) {
			if (!router_match(ep, jr->req->path, jr->path_id,
				sizeof(jr->path_id)))
				continue;
			if (ep->method == method) {
				kore_buf_cleanup(&allow);
				jr->ep = ep;
				jr->ep_index = index;
				return (1);
			}
			kore_buf_appendf(&allow, "%s%s", path_found ? ", " : "",
			    http_method_text(ep->method));
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

/* Match "/v1/jobs/{id}" against path; copy the {id} segment out. */
static int
router_match(const struct jb_endpoint *ep, const char *path, char *id,
    size_t idlen)
{
	const char *p, *q, *brace;
	size_t seg;

	for (p = ep->path, q = path; *p != '\0';) {
		if ((brace = strchr(p, '{')) == NULL)
			return (strcmp(p, q) == 0);
		if (strncmp(p, q, brace - p) != 0)
			return (0);
		q += brace - p;
		seg = strcspn(q, "/");
		if (seg == 0 || seg >= idlen)
			return (0);
		memcpy(id, q, seg);
		id[seg] = '\0';
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
		router_inflight--;
	}
	jb_db_cancel(&jr->job);
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
		if (jr->ep->id_type != JB_ID_NONE &&
		    !router_id_ok(jr->ep->id_type, jr->path_id))
			return (jb_respond_problem(jr, 404, NULL,
			    "no such resource", NULL));
		if (!router_idempotency(jr) || !router_args(jr))
			return (KORE_RESULT_OK);
		body = json_object_get(jr->args, "body");
		pw = json_string_value(json_object_get(body, "password"));
		if ((jr->ep->flags & JB_EP_HASH_PASSWORD) && pw != NULL) {
			jr->state = GEN_HASHING;
			return (jb_request_hash(jr, JB_HASH_MAKE, pw, NULL));
		}
		return (router_submit(jr));
	case GEN_HASHING:
		if (kore_task_state(&jr->hash.task) != KORE_TASK_STATE_FINISHED)
			return (KORE_RESULT_RETRY);
		if (!jr->hash.ok)
			return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
		body = json_object_get(jr->args, "body");
		json_object_del(body, "password");
		json_object_set_new(body, "password_hash",
		    json_string(jr->hash.encoded));
		return (router_submit(jr));
	case GEN_QUERY:
		if (jr->job.status == JB_DB_PENDING)
			return (KORE_RESULT_RETRY);
		return (jb_respond_db(jr));
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
	if (ep->id_type != JB_ID_NONE)
		json_object_set_new(jr->args, "id", json_string(jr->path_id));

	if (ep->query != NULL) {
		errors = jb_errors_new();
		query =
		    jb_query_parse(jr->req->query_string, ep->query, errors);
		if (ep->flags & JB_EP_LIST)
			(void)router_list_query(jr, query, errors);
		json_object_set_new(jr->args, "query", query);
		if (json_array_size(errors) > 0) {
			(void)jb_respond_problem(jr, 400, NULL,
			    "a query parameter is not acceptable", errors);
			return (0);
		}
		json_decref(errors);
	}

	if (ep->flags & (JB_EP_CREATE | JB_EP_PATCH)) {
		(void)jb_body_json(jr, &body);
		if (body == NULL)
			return (0);
		json_object_set_new(jr->args, "body", body);
		errors = jb_errors_new();
		if (!json_is_object(body))
			jb_errors_add(errors, "body", "invalid_type",
			    "the body must be a JSON object");
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

	if ((ep->flags & JB_EP_IF_MATCH) &&
	    (h = jb_header(jr, "if-match")) != NULL)
		json_object_set_new(jr->args, "if_match", json_string(h));

	return (1);
}

/* limit defaults to 20; a cursor must be one we issued. */
static int
router_list_query(struct jb_request *jr, json_t *query, json_t *errors)
{
	json_t *keys;
	const char *cursor;

	if (json_object_get(query, "limit") == NULL)
		json_object_set_new(query, "limit", json_integer(20));
	cursor = json_string_value(json_object_get(query, "cursor"));
	if (cursor == NULL)
		return (1);
	if ((keys = jb_cursor_decode(jr->ep->function, cursor)) == NULL) {
		jb_errors_add(errors, "cursor", "invalid_format",
		    "cursor is not one this API issued");
		return (0);
	}
	json_object_set_new(query, "cursor", keys);

	return (1);
}

static int
router_submit(struct jb_request *jr)
{
	const char *params[5];
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
		return (jb_request_query(jr, router_idem_stmt, 5, params));
	}
	params[0] = jr->ctx_text;
	params[1] = jr->args_text;

	return (jb_request_query(jr, jr->ep->stmt, 2, params));
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

	if (jr->req->method != HTTP_METHOD_POST ||
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

/* Who is calling, for SQL's WHERE: from the verified token only. */
static json_t *
router_ctx(struct jb_request *jr)
{
	json_t *c, *codes;
	const char *keys[] = {"sub", "employer_id", "seeker_id", NULL};
	int i;

	c = json_pack("{s:s, s:s}", "role", jb_role_name(jr->role),
	    "request_id", jr->request_id);
	for (i = 0; keys[i] != NULL; i++) {
		json_t *v =
		    jr->claims ? json_object_get(jr->claims, keys[i]) : NULL;

		json_object_set_new(c, keys[i],
		    json_is_string(v) ? json_incref(v) : json_null());
	}
	codes = jr->claims ? json_object_get(jr->claims, "municipality_codes")
			   : NULL;
	json_object_set_new(c, "municipality_codes",
	    json_is_array(codes) ? json_incref(codes) : json_array());

	return (c);
}

/* Columns: status, body, etag, next_cursor. */
static int
router_respond_row(struct jb_request *jr)
{
	PGresult *res = jr->job.result;
	const char *body, *etag, *next;
	int status;

	if (PQntuples(res) != 1 || PQnfields(res) < 4)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	status = atoi(PQgetvalue(res, 0, 0));
	body = PQgetisnull(res, 0, 1) ? NULL : PQgetvalue(res, 0, 1);
	etag = PQgetisnull(res, 0, 2) ? NULL : PQgetvalue(res, 0, 2);
	next = PQgetisnull(res, 0, 3) ? NULL : PQgetvalue(res, 0, 3);

	if (etag != NULL)
		http_response_header(jr->req, "etag", etag);
	if (status == 201 && (jr->ep->flags & JB_EP_LOCATION) && body != NULL)
		router_location(jr, body);

	if (jr->ep->flags & JB_EP_LIST)
		return (router_respond_list(jr, status, body, next));
	if ((jr->ep->flags & JB_EP_CALENDAR) && body != NULL)
		return (router_respond_text(jr, status, body,
		    "text/calendar; charset=utf-8"));

	if (body == NULL)
		return (jb_respond(jr, status, NULL, NULL, 0));

	return (jb_respond(jr, status, "application/json; charset=utf-8", body,
	    strlen(body)));
}

/*
 * A list: SQL gives the page as a JSON array; wrap it as {"data": [...],
 * "next_cursor": ...} by concatenation (the page is never re-parsed).
 */
static int
router_respond_list(struct jb_request *jr, int status, const char *items,
    const char *next)
{
	struct kore_buf buf;
	char cursor[JB_CURSOR_MAX + 1];
	int r;

	if (items == NULL || items[0] != '[')
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	kore_buf_init(&buf, strlen(items) + JB_CURSOR_MAX + 64);
	kore_buf_appendf(&buf, "{\"data\":%s,\"next_cursor\":", items);
	if (next != NULL &&
	    jb_cursor_encode(jr->ep->function, next, cursor, sizeof(cursor)) ==
		0) {
		/* base64url needs no JSON escaping. */
		kore_buf_appendf(&buf, "\"%s\"}", cursor);
		router_link(jr, cursor);
	} else {
		kore_buf_appendf(&buf, "null}");
	}
	r = jb_respond(jr, status, "application/json; charset=utf-8",
	    (const char *)buf.data, buf.offset);
	kore_buf_cleanup(&buf);

	return (r);
}

/* A body SQL made as one JSON string, sent as the text it holds. */
static int
router_respond_text(struct jb_request *jr, int status, const char *body,
    const char *ctype)
{
	json_t *v;
	int r;

	v = json_loads(body, JSON_DECODE_ANY, NULL);
	if (!json_is_string(v)) {
		json_decref(v);
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	}
	r = jb_respond(jr, status, ctype, json_string_value(v),
	    json_string_length(v));
	json_decref(v);

	return (r);
}

/* Link: <path?query-without-cursor&cursor=...>; rel="next" */
static void
router_link(struct jb_request *jr, const char *cursor)
{
	struct kore_buf buf;
	const char *qs, *p, *amp;
	size_t len;
	int first;

	kore_buf_init(&buf, 256);
	kore_buf_appendf(&buf, "<%s?", jr->req->path);
	first = 1;
	qs = jr->req->query_string;
	for (p = qs; p != NULL && *p != '\0'; p = amp ? amp + 1 : NULL) {
		amp = strchr(p, '&');
		len = amp ? (size_t)(amp - p) : strlen(p);
		if (len == 0 || strncmp(p, "cursor=", 7) == 0 ||
		    memchr(p, '>', len) != NULL)
			continue;
		kore_buf_appendf(&buf, "%s%.*s", first ? "" : "&", (int)len, p);
		first = 0;
	}
	kore_buf_appendf(&buf, "%scursor=%s>; rel=\"next\"", first ? "" : "&",
	    cursor);
	http_response_header(jr->req, "link", kore_buf_stringify(&buf, NULL));
	kore_buf_cleanup(&buf);
}

/* Location: <collection path>/<id of the created resource> */
static void
router_location(struct jb_request *jr, const char *body)
{
	json_t *v;
	const char *id;
	char loc[256];

	if ((v = json_loads(body, 0, NULL)) == NULL)
		return;
	if ((id = json_string_value(json_object_get(v, "id"))) != NULL) {
		(void)snprintf(loc, sizeof(loc), "%s/%s", jr->req->path, id);
		http_response_header(jr->req, "location", loc);
	}
	json_decref(v);
}
