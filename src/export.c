/*
 * export.c — every list endpoint as a bulk export. A GET of a list with
 * Accept: application/x-ndjson (one JSON object per line) or text/csv
 * (RFC 4180: a header row, CRLF, quoted where needed, nested values as
 * JSON text) answers every row in the caller's scope and filters: the
 * list's own api function is run page by page (JB_EXPORT_PAGE rows,
 * following the keyset cursor it returns), each page is converted and
 * written to the connection as one chunk (Transfer-Encoding: chunked),
 * and the next page is asked for only once the connection has sent it
 * all. So a worker holds one page at a time, however long the list.
 *
 * Kore 4.1 has no chunked responses of its own: the headers go out with
 * http_response() without a Content-Length, the chunks by
 * net_send_queue(). Kore starts reading the next request (and its 408
 * header timer) as soon as the headers are out and closes a
 * "Connection: close" connection once its queue is empty; both are held
 * off until the last chunk. A failure after the headers cannot be told
 * as a problem: the connection is closed without the last chunk, which
 * every HTTP client reports as a broken transfer.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "jb_export.h"
#include "jb_http.h"
#include "jb_query.h"

enum {
	EXPORT_QUERY = 0, /* a page is being fetched */
	EXPORT_DRAIN, /* a page is being sent */
};

struct jb_export {
	int format; /* JB_EXPORT_* */
	int stmt;
	int state;
	int started; /* headers sent */
	int chunked; /* HTTP/1.1: chunks; HTTP/1.0: until close */
	int close; /* close the connection after the last byte */
	json_t *columns; /* CSV: the header, from the first row */
	size_t rows;
};

static int export_write(struct jb_request *, int, const char *);
static int export_next(struct jb_request *);
static int export_send(struct jb_request *, struct kore_buf *);
static int export_finish(struct jb_request *);
static int export_abort(struct jb_request *, const char *);
static int export_page(struct jb_export *, const char *, struct kore_buf *);
static const char *export_element(const char *, const char **);
static void export_csv_row(struct jb_export *, json_t *, struct kore_buf *);
static void export_csv_cell(json_t *, struct kore_buf *);
static void export_csv_text(const char *, struct kore_buf *);

/*
 * The export format an Accept header asks for: the media range with the
 * highest q (the first of equals) among application/json (and any
 * wildcard), application/x-ndjson and text/csv.
 */
int
jb_export_format(const char *accept)
{
	const char *p, *end, *semi, *q;
	size_t len;
	double best, qv;
	int format, f;

	if (accept == NULL)
		return (JB_EXPORT_NONE);
	format = JB_EXPORT_NONE;
	best = 0;
	for (p = accept; *p != '\0'; p = *end ? end + 1 : end) {
		end = p + strcspn(p, ",");
		p += strspn(p, " \t");
		semi = memchr(p, ';', end - p);
		len = (semi != NULL ? semi : end) - p;
		while (len > 0 && (p[len - 1] == ' ' || p[len - 1] == '\t'))
			len--;
		if (len == 20 &&
		    strncasecmp(p, "application/x-ndjson", 20) == 0)
			f = JB_EXPORT_NDJSON;
		else if (len == 8 && strncasecmp(p, "text/csv", 8) == 0)
			f = JB_EXPORT_CSV;
		else if ((len == 16 &&
			     strncasecmp(p, "application/json", 16) == 0) ||
		    (len == 3 && strncmp(p, "*/*", 3) == 0))
			f = JB_EXPORT_NONE;
		else
			continue;
		qv = 1;
		if (semi != NULL && (q = strstr(semi, "q=")) != NULL && q < end)
			qv = strtod(q + 2, NULL);
		if (qv > best) {
			best = qv;
			format = f;
		}
	}
	return (format);
}

/*
 * Make jr an export when it is a GET of a list whose Accept asks for one:
 * all rows from the cursor on, JB_EXPORT_PAGE at a time, with statement
 * stmt. Call once args are built; returns whether it is one.
 */
int
jb_export_begin(struct jb_request *jr, int stmt)
{
	struct jb_export *x;
	json_t *query;
	int format;

	if (!(jr->ep->flags & JB_EP_LIST) || jr->req->method != HTTP_METHOD_GET)
		return (0);
	format = jb_export_format(jb_header(jr, "accept"));
	if (format == JB_EXPORT_NONE)
		return (0);
	if ((query = json_object_get(jr->args, "query")) == NULL)
		return (0);
	json_object_set_new(query, "limit", json_integer(JB_EXPORT_PAGE));
	/* An export is never a 304: every page is sent. */
	(void)json_object_del(jr->args, "if_none_match");

	x = kore_calloc(1, sizeof(*x));
	x->format = format;
	x->stmt = stmt;
	x->state = EXPORT_QUERY;
	jr->export = x;

	return (1);
}

/*
 * The handler of an export whose statement is not running: answer the
 * page it fetched and ask for the next, or wait for the connection.
 */
int
jb_export_step(struct jb_request *jr)
{
	struct jb_export *x = jr->export;
	PGresult *res;
	json_t *query;
	const char *body, *next;
	int status;

	if (x->state == EXPORT_DRAIN) {
		if (!TAILQ_EMPTY(&jr->req->owner->send_queue))
			return (KORE_RESULT_RETRY);
		return (export_next(jr));
	}

	if (!jb_query_ok(jr)) {
		if (!x->started)
			return (jb_query_error(jr));
		return (export_abort(jr, "the database failed"));
	}
	res = jr->job.result;
	if (PQntuples(res) != 1 || PQnfields(res) < 4 || PQgetisnull(res, 0, 1))
		return (x->started
			? export_abort(jr, "no page")
			: jb_respond_problem(jr, 500, NULL, NULL, NULL));
	status = atoi(PQgetvalue(res, 0, 0));
	body = PQgetvalue(res, 0, 1);
	next = PQgetisnull(res, 0, 3) ? NULL : PQgetvalue(res, 0, 3);

	if (!x->started && status != 200)
		return (jb_query_answer(jr));
	if (export_write(jr, status, body) == -1)
		return (x->started
			? export_abort(jr, "a bad page or connection")
			: jb_respond_problem(jr, 500, NULL, NULL, NULL));
	if (next == NULL)
		return (export_finish(jr));

	query = json_object_get(jr->args, "query");
	json_object_set_new(query, "cursor",
	    json_loads(next, JSON_DECODE_ANY, NULL));
	x->state = EXPORT_DRAIN;

	return (jb_export_step(jr));
}

/* Kore frees the request. */
void
jb_export_free(struct jb_request *jr)
{
	struct jb_export *x = jr->export;

	if (x == NULL)
		return;
	json_decref(x->columns);
	kore_free(x);
	jr->export = NULL;
}

/*
 * Convert a page and send it as one chunk, after the headers if it is the
 * first. Returns -1 if the page is malformed (nothing sent then) or the
 * connection failed.
 */
static int
export_write(struct jb_request *jr, int status, const char *body)
{
	struct jb_export *x = jr->export;
	struct http_request *req = jr->req;
	struct connection *c = req->owner;
	struct kore_buf buf;
	int r;

	kore_buf_init(&buf, strlen(body) + 64);
	if (export_page(x, body, &buf) == -1) {
		kore_buf_cleanup(&buf);
		return (-1);
	}
	if (!x->started) {
		x->started = 1;
		x->chunked = !(req->flags & HTTP_VERSION_1_0);
		req->flags |= HTTP_REQUEST_NO_CONTENT_LENGTH;
		if (x->chunked)
			http_response_header(req, "transfer-encoding",
			    "chunked");
		http_response_header(req, "content-type",
		    x->format == JB_EXPORT_CSV
			? "text/csv; charset=utf-8; header=present"
			: "application/x-ndjson");
		http_response_header(req, "vary", "Accept");
		(void)jb_respond(jr, status, NULL, NULL, 0);
		/* Not yet: Kore's 408 timer, closing an empty queue. */
		c->http_timeout = 0;
		x->close = (c->flags & CONN_CLOSE_EMPTY) != 0;
		c->flags &= ~CONN_CLOSE_EMPTY;
	}
	r = export_send(jr, &buf);
	kore_buf_cleanup(&buf);

	return (r);
}

/* Ask for the next page with the cursor the last one gave. */
static int
export_next(struct jb_request *jr)
{
	struct jb_export *x = jr->export;
	const char *params[2];

	free(jr->args_text);
	if ((jr->args_text = json_dumps(jr->args, JSON_COMPACT)) == NULL)
		return (export_abort(jr, "out of memory"));
	x->state = EXPORT_QUERY;
	params[0] = jr->ctx_text;
	params[1] = jr->args_text;

	return (jb_query_run(jr, x->stmt, 2, params));
}

/* Queue buf as one chunk and start sending it. */
static int
export_send(struct jb_request *jr, struct kore_buf *buf)
{
	struct jb_export *x = jr->export;
	struct connection *c = jr->req->owner;
	char head[32];

	if (buf->offset == 0)
		return (0);
	if (x->chunked) {
		(void)snprintf(head, sizeof(head), "%zx\r\n", buf->offset);
		net_send_queue(c, head, strlen(head));
	}
	net_send_queue(c, buf->data, buf->offset);
	if (x->chunked)
		net_send_queue(c, "\r\n", 2);
	if (!net_send_flush(c))
		return (-1);

	return (0);
}

/* The last chunk; Kore flushes it and ends the request. */
static int
export_finish(struct jb_request *jr)
{
	struct jb_export *x = jr->export;
	struct connection *c = jr->req->owner;

	if (x->chunked)
		net_send_queue(c, "0\r\n\r\n", 5);
	if (x->close || !x->chunked)
		c->flags |= CONN_CLOSE_EMPTY;
	else
		c->http_timeout = http_header_timeout * 1000;
	c->http_start = kore_time_ms();

	return (KORE_RESULT_OK);
}

/* Break off after the headers: Kore closes the connection. */
static int
export_abort(struct jb_request *jr, const char *why)
{
	kore_log(LOG_ERR, "request %s: export broken off after %zu rows: %s",
	    jr->request_id, jr->export->rows, why);
	return (KORE_RESULT_ERROR);
}

/*
 * Convert a page (the JSON array the list function returned) to out,
 * row by row. Returns -1 if it is not an array of objects.
 */
static int
export_page(struct jb_export *x, const char *page, struct kore_buf *out)
{
	const char *p, *start, *end;
	json_t *row;

	p = page + strspn(page, " \t\r\n");
	if (*p++ != '[')
		return (-1);
	while ((start = export_element(p, &end)) != NULL) {
		if (x->format == JB_EXPORT_NDJSON) {
			kore_buf_append(out, start, end - start);
			kore_buf_append(out, "\n", 1);
		} else {
			row = json_loadb(start, end - start, 0, NULL);
			if (!json_is_object(row)) {
				json_decref(row);
				return (-1);
			}
			export_csv_row(x, row, out);
			json_decref(row);
		}
		x->rows++;
		p = end;
	}
	return (end != NULL && *end == ']' ? 0 : -1);
}

/*
 * The next element of an array from p (after '[' or a previous element):
 * its first byte, *end just past it; NULL at the closing ']' (*end at
 * it) or when malformed (*end NULL).
 */
static const char *
export_element(const char *p, const char **end)
{
	const char *start;
	int depth, in_str;

	p += strspn(p, " \t\r\n,");
	if (*p == ']' || *p == '\0') {
		*end = *p == ']' ? p : NULL;
		return (NULL);
	}
	start = p;
	for (depth = 0, in_str = 0; *p != '\0'; p++) {
		if (in_str) {
			if (*p == '\\' && p[1] != '\0')
				p++;
			else if (*p == '"')
				in_str = 0;
		} else if (*p == '"') {
			in_str = 1;
		} else if (*p == '{' || *p == '[') {
			depth++;
		} else if (*p == '}' || *p == ']') {
			if (--depth < 0)
				break;
		} else if (*p == ',' && depth == 0) {
			break;
		}
		if (depth == 0 && !in_str && (*p == '}' || *p == ']')) {
			p++;
			break;
		}
	}
	while (p > start && (p[-1] == ' ' || p[-1] == '\n' || p[-1] == '\t'))
		p--;
	*end = p;

	return (start);
}

/* One CSV record; the first row's keys are the header. */
static void
export_csv_row(struct jb_export *x, json_t *row, struct kore_buf *out)
{
	const char *key;
	json_t *v;
	size_t i;

	if (x->columns == NULL) {
		x->columns = json_array();
		json_object_foreach(row, key, v) {
			json_array_append_new(x->columns, json_string(key));
			export_csv_text(key, out);
			kore_buf_append(out, ",", 1);
		}
		if (out->offset > 0)
			out->offset--;
		kore_buf_append(out, "\r\n", 2);
	}
	json_array_foreach(x->columns, i, v) {
		if (i > 0)
			kore_buf_append(out, ",", 1);
		export_csv_cell(json_object_get(row, json_string_value(v)),
		    out);
	}
	kore_buf_append(out, "\r\n", 2);
}

/* A value as a cell: text as is, null empty, objects and arrays JSON. */
static void
export_csv_cell(json_t *v, struct kore_buf *out)
{
	char *s;

	switch (json_typeof(v)) {
	case JSON_STRING:
		export_csv_text(json_string_value(v), out);
		break;
	case JSON_INTEGER:
		kore_buf_appendf(out, "%" JSON_INTEGER_FORMAT,
		    json_integer_value(v));
		break;
	case JSON_REAL:
		kore_buf_appendf(out, "%.15g", json_real_value(v));
		break;
	case JSON_TRUE:
		kore_buf_append(out, "true", 4);
		break;
	case JSON_FALSE:
		kore_buf_append(out, "false", 5);
		break;
	case JSON_OBJECT:
	case JSON_ARRAY:
		s = json_dumps(v, JSON_COMPACT | JSON_REAL_PRECISION(15));
		if (s != NULL)
			export_csv_text(s, out);
		free(s);
		break;
	default:
		break;
	}
}

/*
 * A text cell, RFC 4180: quoted when it holds a comma, quote, CR or LF,
 * quotes doubled. Text a spreadsheet would run as a formula (=, +, -, @,
 * tab or CR first, other than a plain number such as a phone number)
 * gets a leading apostrophe (OWASP "CSV injection").
 */
static void
export_csv_text(const char *s, struct kore_buf *out)
{
	const char *p;
	int quote, formula;

	formula = strchr("=+-@\t\r", s[0]) != NULL && s[0] != '\0' &&
	    s[strspn(s, "+-0123456789 ().")] != '\0';
	quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (!quote) {
		kore_buf_append(out, s, strlen(s));
		return;
	}
	kore_buf_append(out, "\"", 1);
	if (formula)
		kore_buf_append(out, "'", 1);
	for (p = s; *p != '\0'; p++) {
		if (*p == '"')
			kore_buf_append(out, "\"", 1);
		kore_buf_append(out, p, 1);
	}
	kore_buf_append(out, "\"", 1);
}
