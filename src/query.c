/*
 * query.c — one SQL statement for a request. jb_query_run() hands it to
 * the pool (src/db.c) and puts the request to sleep until it is done;
 * jb_query_answer() turns the row an api function returned (status,
 * body, etag, next_cursor) into the response — ETag (and 304 for a GET
 * whose If-None-Match names it), Location, a list page with its signed
 * cursor and Link header, or a calendar — and
 * jb_query_error() a failed statement into a problem (src/errmap.c).
 * A JBnnn error whose DETAIL is a JSON object adds its members to the
 * problem (extension members, e.g. a 409's existing_id).
 *
 * jb_query_read() runs a read on the replica when the lag monitor says it
 * may (src/replica.c): an anonymous caller's as it is; a caller with a
 * token first asks the primary for its WAL position and reads through
 * api.replica_read(), which answers only once the replica has replayed
 * that far, so the caller sees its own writes (also those made through
 * another instance). Whatever goes wrong on the replica, the primary
 * answers instead; the caller never sees a replica's failure.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_batch.h"
#include "jb_cursor.h"
#include "jb_errmap.h"
#include "jb_http.h"
#include "jb_etag.h"
#include "jb_metrics.h"
#include "jb_problem.h"
#include "jb_pubcache.h"
#include "jb_query.h"
#include "jb_roles.h"

#define JB_JSONLD "application/ld+json"
#define JB_JSONLD_GRAPH "\"@context\":\"https://schema.org\",\"@graph\""

/* jr->read_step */
#define QUERY_PLAIN 0 /* one statement, wherever it was sent */
#define QUERY_LSN 1 /* asking the primary for its WAL position */
#define QUERY_REPLICA 2 /* the read on the replica */

static int query_stmt_lsn = -1;
static int query_stmt_checked = -1;

static int query_submit(struct jb_request *, int, int, int, const char **);
static void query_prepare(struct jb_request *, int, int, int, const char **);
static int query_start(struct jb_request *);
static int query_checked(struct jb_request *);
static int query_read_next(struct jb_request *);
static int query_fallback(struct jb_request *, int);
static int query_row(struct jb_request *);
static int query_list(struct jb_request *, int, const char *, const char *,
    const char *);
static int query_jsonld(struct jb_request *);
static int query_send(struct jb_request *, int, const char *, const char *,
    size_t, const char *, int);
static int query_text(struct jb_request *, int, const char *, const char *);
static void query_link(struct jb_request *, const char *);
static void query_location(struct jb_request *, const char *);
static int query_problem_extra(struct jb_request *,
    const struct jb_error_answer *, json_t *, const char *);

/* In Kore's parent: the statements of replica reads. -1: no room. */
int
jb_query_init(void)
{
	/*
	 * Where WAL is inserted, not written or flushed: with asynchronous
	 * commit (synchronous_commit = off) a commit the caller saw may not
	 * be written yet, and only the insert position is past it for sure.
	 */
	query_stmt_lsn =
	    jb_db_statement("SELECT pg_current_wal_insert_lsn()::text");
	query_stmt_checked = jb_db_statement(
	    "SELECT status, body, etag, next_cursor FROM api.replica_read("
	    "$1::pg_lsn, $2::text, $3::jsonb, $4::jsonb)");

	return (query_stmt_lsn == -1 || query_stmt_checked == -1 ? -1 : 0);
}

/*
 * Submit statement stmt with n text params for jr; the handler is called
 * again when it is done. Returns what the handler should return.
 */
int
jb_query_run(struct jb_request *jr, int stmt, int n, const char **params)
{
	jr->read_step = QUERY_PLAIN;
	return (query_submit(jr, JB_DB_PRIMARY, stmt, n, params));
}

/*
 * The read endpoint's statement stmt (params jr->ctx_text, jr->args_text):
 * on the replica when it is usable, else on the primary. min_lsn (NULL:
 * none) is a WAL position ("16/B374D848") the replica must have replayed
 * for it to answer, e.g. that of a cache invalidation; a caller with a
 * token needs the primary's current one (its own writes) and gets it
 * first. Returns what the handler should return; jb_query_pending()
 * takes the read on through its steps.
 */
int
jb_query_read(struct jb_request *jr, int stmt, const char *min_lsn)
{
	const char *params[2];

	params[0] = jr->ctx_text;
	params[1] = jr->args_text;
	jr->read_stmt = stmt;
	if (!jb_db_replica_usable())
		return (jb_query_run(jr, stmt, 2, params));
	if (jr->role != JB_ROLE_ANON) {
		jr->read_step = QUERY_LSN;
		return (
		    query_submit(jr, JB_DB_PRIMARY, query_stmt_lsn, 0, NULL));
	}
	if (min_lsn != NULL) {
		if ((size_t)snprintf(jr->read_lsn, sizeof(jr->read_lsn), "%s",
			min_lsn) >= sizeof(jr->read_lsn))
			return (jb_query_run(jr, stmt, 2, params));
		return (query_checked(jr));
	}
	jr->read_step = QUERY_REPLICA;

	return (query_submit(jr, JB_DB_REPLICA, stmt, 2, params));
}

/* The read on the replica once it has replayed jr->read_lsn. */
static int
query_checked(struct jb_request *jr)
{
	const char *params[4];

	params[0] = jr->read_lsn;
	params[1] = jr->ep->function;
	params[2] = jr->ctx_text;
	params[3] = jr->args_text;
	jr->read_step = QUERY_REPLICA;

	return (query_submit(jr, JB_DB_REPLICA, query_stmt_checked, 4, params));
}

/*
 * A step of a replica read finished: take the next one. Returns whether a
 * statement is running again.
 */
static int
query_read_next(struct jb_request *jr)
{
	PGresult *res = jr->job.result;

	switch (jr->read_step) {
	case QUERY_LSN:
		if (jr->job.status != JB_DB_OK || PQntuples(res) != 1 ||
		    PQgetisnull(res, 0, 0) ||
		    (size_t)snprintf(jr->read_lsn, sizeof(jr->read_lsn), "%s",
			PQgetvalue(res, 0, 0)) >= sizeof(jr->read_lsn))
			return (query_fallback(jr, -1));
		(void)query_checked(jr);
		/* Refused at once (replica down): fall back now. */
		return (jb_query_pending(jr));
	case QUERY_REPLICA:
		if (jr->job.status != JB_DB_OK)
			return (query_fallback(jr, JB_REPLICA_FAILED));
		/* api.replica_read's status 0: not replayed that far yet. */
		if (PQntuples(res) == 1 && PQnfields(res) >= 1 &&
		    strcmp(PQgetvalue(res, 0, 0), "0") == 0)
			return (query_fallback(jr, JB_REPLICA_BEHIND));
		jb_metrics_replica_read(JB_REPLICA_SERVED);
		jr->read_step = QUERY_PLAIN;
		return (0);
	}

	return (0);
}

/* The replica cannot answer this read: the primary does (why: metrics). */
static int
query_fallback(struct jb_request *jr, int why)
{
	const char *params[2];

	if (why >= 0)
		jb_metrics_replica_read(why);
	params[0] = jr->ctx_text;
	params[1] = jr->args_text;
	(void)jb_query_run(jr, jr->read_stmt, 2, params);

	return (jr->job.status == JB_DB_PENDING);
}

/*
 * A statement with bytes: its last param is a file of blob_len bytes
 * (0: none), sent as binary; binary: its results come in binary format
 * (a file's bytes as they are). Otherwise as jb_query_run().
 */
int
jb_query_run_file(struct jb_request *jr, int stmt, int n, const char **params,
    size_t blob_len, int binary)
{
	jr->read_step = QUERY_PLAIN;
	query_prepare(jr, JB_DB_PRIMARY, stmt, n, params);
	jr->job.blob_len = (int)blob_len;
	jr->job.binary = binary;

	return (query_start(jr));
}

/* Submit to pool; sleep the request until the statement is done. */
static int
query_submit(struct jb_request *jr, int pool, int stmt, int n,
    const char **params)
{
	query_prepare(jr, pool, stmt, n, params);

	return (query_start(jr));
}

static void
query_prepare(struct jb_request *jr, int pool, int stmt, int n,
    const char **params)
{
	int i;

	jb_db_job_reset(&jr->job);
	jr->job.pool = pool;
	jr->job.stmt = stmt;
	jr->job.nparams = n;
	for (i = 0; i < n && i < JB_DB_PARAMS_MAX; i++)
		jr->job.params[i] = params[i];
	jr->job.blob_len = 0;
	jr->job.binary = 0;
	jr->job.idempotent = jr->req->method == HTTP_METHOD_GET ||
	    jr->req->method == HTTP_METHOD_HEAD;
}

static int
query_start(struct jb_request *jr)
{
	if (jb_db_submit(&jr->job) == JB_DB_UNAVAILABLE)
		return (KORE_RESULT_RETRY);
	if (jr->job.status == JB_DB_PENDING)
		http_request_sleep(jr->req);

	return (KORE_RESULT_RETRY);
}

/*
 * Is the statement still running? A replica read's finished step starts
 * its next one here (the handler's next call).
 */
int
jb_query_pending(struct jb_request *jr)
{
	if (jr->job.status == JB_DB_PENDING)
		return (1);
	if (jr->read_step == QUERY_PLAIN)
		return (0);
	return (query_read_next(jr));
}

/* Did it run without error (its rows are in jr->job.result)? */
int
jb_query_ok(struct jb_request *jr)
{
	return (jr->job.status == JB_DB_OK);
}

/* Answer from a finished statement: its row, or its error. */
int
jb_query_answer(struct jb_request *jr)
{
	if (jr->job.status == JB_DB_OK)
		return (query_row(jr));
	return (jb_query_error(jr));
}

/*
 * Answer a statement that did not run: 503 when the database was
 * unreachable, else what the error map says.
 */
int
jb_query_error(struct jb_request *jr)
{
	struct jb_sql_error e;
	struct jb_error_answer a;
	json_t *errors;
	const char *extra;

	if (jr->job.status == JB_DB_UNAVAILABLE) {
		jb_metrics_db_unavailable();
		return (jb_respond_problem(jr, 503, NULL,
		    "the database is unavailable; retry shortly", NULL));
	}

	jb_db_error_info(&jr->job, &e);
	jb_errmap(&e, jr->req->method == HTTP_METHOD_DELETE, &a);
	if (a.log)
		kore_log(LOG_ERR, "request %s: sql error %s: %s",
		    jr->request_id, e.sqlstate ? e.sqlstate : "-",
		    e.message ? e.message : "");
	errors = NULL;
	if (a.field[0] != '\0') {
		errors = jb_errors_new();
		jb_errors_add(errors, a.field, a.code, "%s", a.message);
	}
	extra = jr->job.result == NULL
	    ? NULL
	    : PQresultErrorField(jr->job.result, PG_DIAG_MESSAGE_DETAIL);
	if (extra != NULL && *extra == '{' && e.sqlstate != NULL &&
	    strncmp(e.sqlstate, "JB", 2) == 0 && a.status != 500)
		return (query_problem_extra(jr, &a, errors, extra));

	return (jb_respond_problem(jr, a.status, a.slug, a.detail, errors));
}

/*
 * The problem of answer a (errors stolen) with the members of the JSON
 * object extra added; the standard members are never replaced. Anything
 * but an object is ignored.
 */
static int
query_problem_extra(struct jb_request *jr, const struct jb_error_answer *a,
    json_t *errors, const char *extra)
{
	json_t *p, *x;
	char *body;
	int r;

	body = jb_problem_build(a->status, a->slug, a->detail, jr->request_id,
	    errors, NULL);
	p = json_loads(body, 0, NULL);
	free(body);
	x = json_loads(extra, 0, NULL);
	if (json_is_object(p) && json_is_object(x))
		(void)json_object_update_missing(p, x);
	json_decref(x);
	if ((body = json_dumps(p, JSON_COMPACT)) == NULL) {
		json_decref(p);
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	}
	json_decref(p);
	r = jb_respond(jr, a->status, "application/problem+json", body,
	    strlen(body));
	free(body);

	return (r);
}

/* Columns: status, body, etag, next_cursor. */
static int
query_row(struct jb_request *jr)
{
	PGresult *res = jr->job.result;
	const char *body, *etag, *next;
	int status;

	if (PQntuples(res) != 1 || PQnfields(res) < 4)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	status = atoi(PQgetvalue(res, 0, 0));
	if (PQnfields(res) > 4 && *PQgetvalue(res, 0, 4) != '\0')
		jb_pubcache_changed(PQgetvalue(res, 0, 4));
	body = PQgetisnull(res, 0, 1) ? NULL : PQgetvalue(res, 0, 1);
	etag = PQgetisnull(res, 0, 2) ? NULL : PQgetvalue(res, 0, 2);
	next = PQgetisnull(res, 0, 3) ? NULL : PQgetvalue(res, 0, 3);

	if (etag != NULL && body == NULL)
		http_response_header(jr->req, "etag", etag);
	if (status == 201 && (jr->ep->flags & JB_EP_LOCATION) && body != NULL)
		query_location(jr, body);

	if (jr->ep->flags & JB_EP_LIST)
		return (query_list(jr, status, body, etag, next));
	/* A calendar feed (no bearer) is personal data all the same. */
	if ((jr->ep->flags & JB_EP_CALENDAR) && jr->role == JB_ROLE_ANON)
		http_response_header(jr->req, "cache-control", "no-store");
	if ((jr->ep->flags & JB_EP_BATCH) && status == 422 && body != NULL)
		return (jb_batch_problem(jr, body));
	if ((jr->ep->flags & JB_EP_CALENDAR) && body != NULL)
		return (query_text(jr, status, body,
		    "text/calendar; charset=utf-8"));

	if (body == NULL)
		return (jb_respond(jr, status, NULL, NULL, 0));

	return (query_send(jr, status,
	    query_jsonld(jr) ? JB_JSONLD : "application/json; charset=utf-8",
	    body, strlen(body), etag, 0));
}

/*
 * A list: SQL gives the page as a JSON array; wrap it as {"data": [...],
 * "next_cursor": ...} by concatenation (the page is never re-parsed).
 * A list whose SQL tags its pages (api.page_tag) may answer 304 itself,
 * before it builds the page.
 */
static int
query_list(struct jb_request *jr, int status, const char *items,
    const char *etag, const char *next)
{
	struct kore_buf buf;
	char cursor[JB_CURSOR_MAX + 1];
	const char *ctype;
	int r;

	/* The list's SQL found that If-None-Match names its tag. */
	if (status == 304 && etag != NULL)
		return (jb_respond_not_modified(jr));
	if (items == NULL || items[0] != '[')
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	kore_buf_init(&buf, strlen(items) + JB_CURSOR_MAX + 64);
	kore_buf_appendf(&buf, "{%s:%s,\"next_cursor\":",
	    query_jsonld(jr) ? JB_JSONLD_GRAPH : "\"data\"", items);
	if (next != NULL &&
	    jb_cursor_encode(jr->cursor_scope, next, cursor, sizeof(cursor)) ==
		0) {
		/* base64url needs no JSON escaping. */
		kore_buf_appendf(&buf, "\"%s\"}", cursor);
		query_link(jr, cursor);
	} else {
		kore_buf_appendf(&buf, "null}");
	}
	/* A page's tag: SQL's own (api.page_tag), else its bytes' digest. */
	ctype =
	    query_jsonld(jr) ? JB_JSONLD : "application/json; charset=utf-8";
	r = query_send(jr, status, ctype, (const char *)buf.data, buf.offset,
	    etag, etag != NULL);
	kore_buf_cleanup(&buf);

	return (r);
}

/*
 * Send an answer and its tag: etag is SQL's whole tag when is_tag (a
 * list page's api.page_tag), else a row version or NULL (src/etag.c
 * makes the tag from it and the bytes). A cacheable miss's 200 is kept
 * in the public-read cache first (src/pubcache.c).
 */
static int
query_send(struct jb_request *jr, int status, const char *ctype,
    const char *body, size_t len, const char *etag, int is_tag)
{
	char tag[JB_ETAG_LEN];

	if (jr->cache_key == NULL || status != 200)
		return (is_tag
			? jb_respond_tagged(jr, status, ctype, body, len, etag)
			: jb_respond_etag(jr, status, ctype, body, len, etag));
	if (!is_tag) {
		jb_etag_of(etag, body, len, tag);
		etag = tag;
	}
	jb_pubcache_keep(jr, ctype, body, len, etag);

	return (jb_respond_tagged(jr, status, ctype, body, len, etag));
}

/*
 * Is the answer JSON-LD (args.format, src/router.c)? A JSON-LD list page
 * is {"@context":"https://schema.org","@graph":[...],"next_cursor":...}:
 * each item is a whole schema.org node (the job-board feed's JobPostings).
 */
static int
query_jsonld(struct jb_request *jr)
{
	const char *format;

	format = json_string_value(json_object_get(jr->args, "format"));
	return (format != NULL && strcmp(format, "jsonld") == 0);
}

/* A body SQL made as one JSON string, sent as the text it holds. */
static int
query_text(struct jb_request *jr, int status, const char *body,
    const char *ctype)
{
	json_t *v;
	int r;

	v = json_loads(body, JSON_DECODE_ANY, NULL);
	if (!json_is_string(v)) {
		json_decref(v);
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	}
	r = jb_respond_etag(jr, status, ctype, json_string_value(v),
	    json_string_length(v), NULL);
	json_decref(v);

	return (r);
}

/* Link: <path?query-without-cursor&cursor=...>; rel="next" */
static void
query_link(struct jb_request *jr, const char *cursor)
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
		    strncmp(p, "after=", 6) == 0 || memchr(p, '>', len) != NULL)
			continue;
		kore_buf_appendf(&buf, "%s%.*s", first ? "" : "&", (int)len, p);
		first = 0;
	}
	kore_buf_appendf(&buf, "%scursor=%s>; rel=\"next\"", first ? "" : "&",
	    cursor);
	http_response_header(jr->req, "link", kore_buf_stringify(&buf, NULL));
	jb_pubcache_link(jr, kore_buf_stringify(&buf, NULL));
	kore_buf_cleanup(&buf);
}

/* Location: <collection path>/<id of the created resource> */
static void
query_location(struct jb_request *jr, const char *body)
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
