/*
 * http.c — what every response has in common: status, content type,
 * X-Request-Id, problem+json errors, one JSON log line per request; and
 * reading a JSON request body safely (size, content type and charset,
 * depth), the client's address, and hashing a request's password in a
 * task. Every answer says nosniff; an authenticated one is no-store (it
 * may carry personal data; no cache may keep it). Below the router and every
 * endpoint; calls nothing above it.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "jb_accept.h"
#include "jb_etag.h"
#include "jb_http.h"
#include "jb_metrics.h"
#include "jb_problem.h"
#include "jb_ratelimit.h"
#include "jb_roles.h"
#include "jb_validate.h"

static char http_rid_prefix[17];
static int http_rid_ready;
static uint64_t http_rid_counter;

#define HTTP_LOG_BUF (64 * 1024)
static char http_logbuf[HTTP_LOG_BUF]; /* this pass's log lines */
static size_t http_loglen;
static int http_log_timer_set;

static int http_request_id_sane(const char *);
static int http_problem(struct jb_request *, int, const char *, const char *,
    json_t *, const char *);
static int http_json_depth_ok(const char *, size_t);
static int http_charset_ok(const char *);
static void http_log(struct jb_request *);
static void http_log_append(const char *, size_t);
static void http_log_timer(void *, uint64_t);
static void http_log_write(const char *, size_t);
static void http_cache_headers(struct jb_request *, int);
static int http_is_get_200(struct jb_request *, int);
static int http_ratelimit_early(struct jb_request *);
static void http_ratelimit_headers(struct jb_request *);

/* Send status with body of type ctype (NULL body: no content). */
int
jb_respond(struct jb_request *jr, int status, const char *ctype,
    const char *body, size_t len)
{
	struct http_request *req = jr->req;

	jr->status = status;
	http_response_header(req, "x-request-id", jr->request_id);
	/* Bearer tokens, no cookies: any origin may call us. */
	http_response_header(req, "access-control-allow-origin", "*");
	http_response_header(req, "access-control-expose-headers",
	    "ETag, Link, Location, Retry-After, X-Request-Id, "
	    "RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset, "
	    "RateLimit-Policy");
	http_response_header(req, "x-content-type-options", "nosniff");
	http_ratelimit_headers(jr);
	http_cache_headers(jr, status);
	if (body != NULL && ctype != NULL)
		http_response_header(req, "content-type", ctype);
	http_response(req, status, body, body ? len : 0);
	jb_metrics_request(jr->ep_index, req->method, status,
	    kore_time_ms() - jr->start);
	http_log(jr);

	return (KORE_RESULT_OK);
}

/*
 * Send an answer that has an entity tag: made from body and the row
 * version SQL gave (version: "3", or NULL; src/etag.c). Statuses other
 * than a GET's 200 pass through (with the tag when SQL gave a version).
 */
int
jb_respond_etag(struct jb_request *jr, int status, const char *ctype,
    const char *body, size_t len, const char *version)
{
	char etag[JB_ETAG_LEN];

	if (body == NULL || (version == NULL && !http_is_get_200(jr, status)))
		return (jb_respond(jr, status, ctype, body, len));
	jb_etag_of(version, body, len, etag);

	return (jb_respond_tagged(jr, status, ctype, body, len, etag));
}

/*
 * Send an answer with entity tag etag. A GET's 200 whose If-None-Match
 * names it (or is "*") is 304 without a body; a malformed If-None-Match
 * is 400.
 */
int
jb_respond_tagged(struct jb_request *jr, int status, const char *ctype,
    const char *body, size_t len, const char *etag)
{
	const char *inm;
	int match;

	inm =
	    http_is_get_200(jr, status) ? jb_header(jr, "if-none-match") : NULL;
	match = inm != NULL ? jb_etag_match(inm, etag) : JB_ETAG_NOMATCH;
	if (match == JB_ETAG_MALFORMED)
		return (jb_respond_bad_inm(jr));
	http_response_header(jr->req, "etag", etag);
	if (match == JB_ETAG_MATCH)
		return (jb_respond_not_modified(jr));

	return (jb_respond(jr, status, ctype, body, len));
}

/* 304: no body, and (RFC 9110 §8.6) no Content-Length of an empty one. */
int
jb_respond_not_modified(struct jb_request *jr)
{
	jr->req->flags |= HTTP_REQUEST_NO_CONTENT_LENGTH;

	return (jb_respond(jr, 304, NULL, NULL, 0));
}

/* 400 for a malformed If-None-Match (field "If-None-Match"). */
int
jb_respond_bad_inm(struct jb_request *jr)
{
	json_t *errors;

	errors = jb_errors_new();
	jb_errors_add(errors, "If-None-Match", "invalid_format",
	    "If-None-Match must be * or a list of entity tags (\"...\" or "
	    "W/\"...\")");

	return (jb_respond_problem(jr, 400, NULL,
	    "the If-None-Match header is malformed", errors));
}

static int
http_is_get_200(struct jb_request *jr, int status)
{
	return (status == 200 &&
	    (jr->req->method == HTTP_METHOD_GET ||
		jr->req->method == HTTP_METHOD_HEAD));
}

/*
 * Who may keep an answer. Personal data (the default for a caller with a
 * token) no cache may store; an authenticated answer of an endpoint
 * marked JB_EP_NOT_PERSONAL the caller's own cache may keep and
 * revalidate; an anonymous 200/304 of an endpoint with max_age any cache
 * may serve for that long. The token endpoints say no-store themselves
 * (RFC 6749 5.1). GETs vary with the token and the media type asked for.
 */
static void
http_cache_headers(struct jb_request *jr, int status)
{
	const struct jb_endpoint *ep = jr->ep;
	char v[48];

	if (jr->req->method == HTTP_METHOD_GET ||
	    jr->req->method == HTTP_METHOD_HEAD)
		http_response_header(jr->req, "vary", "Authorization, Accept");
	if (ep != NULL && (ep->flags & JB_EP_OAUTH))
		return;
	if (jr->role != JB_ROLE_ANON) {
		http_response_header(jr->req, "cache-control",
		    ep != NULL && (ep->flags & JB_EP_NOT_PERSONAL)
			? "private, no-cache"
			: (ep != NULL && (ep->flags & JB_EP_DOWNLOAD)
				  ? "private, no-store"
				  : "no-store"));
		return;
	}
	if (ep != NULL && ep->max_age > 0 && (status == 200 || status == 304)) {
		(void)snprintf(v, sizeof(v), "public, max-age=%d", ep->max_age);
		http_response_header(jr->req, "cache-control", v);
	}
}

/* Send a JSON value (decref'd). */
int
jb_respond_json(struct jb_request *jr, int status, json_t *v)
{
	char *s;
	int r;

	s = json_dumps(v, JSON_COMPACT);
	json_decref(v);
	if (s == NULL)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));
	r = jb_respond(jr, status, "application/json; charset=utf-8", s,
	    strlen(s));
	free(s);

	return (r);
}

/*
 * Send a problem. slug NULL: derived from status. errors (stolen) may be
 * NULL. Adds the headers some statuses require.
 */
int
jb_respond_problem(struct jb_request *jr, int status, const char *slug,
    const char *detail, json_t *errors)
{
	const char *oauth;

	if (status != 429 && !http_ratelimit_early(jr)) {
		json_decref(errors);
		errors = NULL;
		status = 429;
		slug = NULL;
		detail = "too many requests from this address; try again "
			 "after Retry-After seconds";
	}
	if (status == 401 && jb_header(jr, "authorization") != NULL)
		http_response_header(jr->req, "www-authenticate",
		    "Bearer realm=\"jobbro\", error=\"invalid_token\"");
	else if (status == 401)
		http_response_header(jr->req, "www-authenticate",
		    "Bearer realm=\"jobbro\"");

	/* The token endpoints' 400s all carry an RFC 6749 error code. */
	oauth = status == 400 && jr->ep != NULL && (jr->ep->flags & JB_EP_OAUTH)
	    ? "invalid_request"
	    : NULL;

	return (http_problem(jr, status, slug, detail, errors, oauth));
}

/* An OAuth token endpoint failure: problem+json with RFC 6749 "error". */
int
jb_respond_oauth(struct jb_request *jr, int status, const char *error,
    const char *detail)
{
	char slug[64];
	int i;

	(void)snprintf(slug, sizeof(slug), "%s", error);
	for (i = 0; slug[i] != '\0'; i++) {
		if (slug[i] == '_')
			slug[i] = '-';
	}
	if (status == 401)
		http_response_header(jr->req, "www-authenticate",
		    "Basic realm=\"jobbro\"");
	http_response_header(jr->req, "cache-control", "no-store");

	return (http_problem(jr, status, slug, detail, NULL, error));
}

/* Echo a sane client X-Request-Id, else make one up. */
void
jb_request_id(struct jb_request *jr)
{
	const char *h;
	unsigned char raw[16];
	int i;

	h = jb_header(jr, "x-request-id");
	if (h != NULL && http_request_id_sane(h)) {
		(void)snprintf(jr->request_id, sizeof(jr->request_id), "%s", h);
		return;
	}
	/*
	 * 32 hex digits: 16 random per worker, then a counter. Unique
	 * without a trip to the kernel's random source per request.
	 */
	if (!http_rid_ready) {
		if (RAND_bytes(raw, sizeof(raw)) != 1)
			memset(raw, 0, sizeof(raw));
		for (i = 0; i < 8; i++)
			(void)snprintf(http_rid_prefix + i * 2, 3, "%02x",
			    raw[i]);
		http_rid_ready = 1;
	}
	(void)snprintf(jr->request_id, sizeof(jr->request_id), "%s%016llx",
	    http_rid_prefix, (unsigned long long)++http_rid_counter);
}

/* The client's address: the peer, or whom a trusted proxy forwards. */
void
jb_request_addr(struct jb_request *jr)
{
	struct connection *c = jr->req->owner;
	char peer[JB_ADDR_LEN];

	jb_addr_format(c->family, &c->addr, peer, sizeof(peer));
	jb_addr_client(peer, jb_header(jr, "x-forwarded-for"), jr->ip,
	    sizeof(jr->ip));
}

/*
 * Is jr's answer JSON-LD (src/query.c answers application/ld+json)? On a
 * JB_EP_JSONLD list (the job-board feed) always, on a single resource
 * when Accept prefers application/ld+json over application/json. An
 * Accept that names neither gets JSON: we never answer 406.
 */
int
jb_request_jsonld(struct jb_request *jr)
{
	static const char *const offers[] = {"application/json",
	    "application/ld+json", NULL};

	if (!(jr->ep->flags & JB_EP_JSONLD))
		return (0);
	if (jr->ep->flags & JB_EP_LIST)
		return (1);
	return (jb_accept_choose(jb_header(jr, "accept"), offers) == 1);
}

/*
 * The API's public base URL, for links a client keeps (a calendar feed):
 * JOBBRO_PUBLIC_URL, else http://<Host> when Host is a plain host[:port],
 * else JSON null. A new reference.
 */
json_t *
jb_request_base_url(struct jb_request *jr)
{
	const char *s;
	char url[300];

	if ((s = getenv("JOBBRO_PUBLIC_URL")) != NULL && *s != '\0')
		return (json_string(s));
	s = jb_header(jr, "host");
	if (s == NULL || *s == '\0' || strlen(s) > 255 ||
	    strspn(s,
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		"0123456789.-:[]") != strlen(s))
		return (json_null());
	(void)snprintf(url, sizeof(url), "http://%s", s);

	return (json_string(url));
}

const char *
jb_header(struct jb_request *jr, const char *name)
{
	const char *v;

	if (!http_request_header(jr->req, name, &v))
		return (NULL);
	return (v);
}

/*
 * Make (JB_HASH_MAKE) or check (JB_HASH_VERIFY, against verify; NULL: no
 * such user) a password hash in a task; the handler runs again when it
 * is done (jb_password_task_done). Returns what the handler returns.
 */
int
jb_request_hash(struct jb_request *jr, int mode, const char *password,
    const char *verify)
{
	if (jb_password_task(&jr->hash, jr->req, mode, password, verify) == -1)
		return (jb_respond_problem(jr, 500, NULL, NULL, NULL));

	return (KORE_RESULT_RETRY);
}

/* Hex SHA-256 of the request as sent: method, path, body bytes. */
void
jb_request_digest(struct jb_request *jr, char *out)
{
	struct http_request *req = jr->req;
	EVP_MD_CTX *md;
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len, i;

	len = 0;
	if ((md = EVP_MD_CTX_new()) != NULL) {
		(void)EVP_DigestInit_ex(md, EVP_sha256(), NULL);
		(void)EVP_DigestUpdate(md, http_method_text(req->method),
		    strlen(http_method_text(req->method)));
		(void)EVP_DigestUpdate(md, req->path, strlen(req->path) + 1);
		if (req->http_body != NULL)
			(void)EVP_DigestUpdate(md, req->http_body->data,
			    req->http_body_length);
		(void)EVP_DigestFinal_ex(md, digest, &len);
		EVP_MD_CTX_free(md);
	}
	for (i = 0; i < len; i++)
		(void)snprintf(out + i * 2, 3, "%02x", digest[i]);
	out[len * 2] = '\0';
}

/* Does Content-Type name the media type want (parameters ignored)? */
int
jb_content_type_is(struct jb_request *jr, const char *want)
{
	const char *ct;
	size_t len;

	if ((ct = jb_header(jr, "content-type")) == NULL)
		return (0);
	len = strlen(want);
	if (strncasecmp(ct, want, len) != 0)
		return (0);

	return (ct[len] == '\0' || ct[len] == ';' || ct[len] == ' ');
}

/*
 * Parse the request body as JSON into *out. On failure a problem has
 * been sent (413/415/400) and KORE_RESULT_OK is returned with *out NULL.
 */
int
jb_body_json(struct jb_request *jr, json_t **out)
{
	struct http_request *req = jr->req;
	json_error_t err;
	const char *data;
	size_t len;

	*out = NULL;
	len = req->http_body != NULL ? req->http_body_length : 0;
	if (len > JB_BODY_MAX)
		return (jb_respond_problem(jr, 413, NULL,
		    "the request body is larger than 1 MiB", NULL));
	if (!jb_content_type_is(jr, "application/json") ||
	    !http_charset_ok(jb_header(jr, "content-type")))
		return (jb_respond_problem(jr, 415, NULL,
		    "send Content-Type: application/json (UTF-8)", NULL));
	if (len == 0)
		return (jb_respond_problem(jr, 400, "malformed-json",
		    "the request body is empty", NULL));

	data = (const char *)req->http_body->data;
	if (memchr(data, '\0', len) != NULL || !http_json_depth_ok(data, len))
		return (jb_respond_problem(jr, 400, "malformed-json",
		    "the body is not acceptable JSON (NUL byte or nested "
		    "deeper than 32)",
		    NULL));

	*out = json_loadb(data, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY,
	    &err);
	if (*out == NULL) {
		char detail[256];

		(void)snprintf(detail, sizeof(detail),
		    "malformed JSON at line %d column %d: %s", err.line,
		    err.column, err.text);
		return (jb_respond_problem(jr, 400, "malformed-json", detail,
		    NULL));
	}

	return (KORE_RESULT_OK);
}

/* {"ts","level","request_id","method","path","status","ms","role","sub"} */
static void
http_log(struct jb_request *jr)
{
	json_t *line;
	char *s, ts[32];
	time_t now;
	struct tm tm;
	const char *sub;

	now = time(NULL);
	(void)gmtime_r(&now, &tm);
	(void)strftime(ts, sizeof(ts), "%Y-%m-%dT%H:%M:%SZ", &tm);
	sub = jr->claims ? json_string_value(json_object_get(jr->claims, "sub"))
			 : NULL;

	line = json_pack("{s:s, s:s, s:s, s:s, s:s?, s:i, s:I, s:s, s:s?}",
	    "ts", ts, "level", jr->status >= 500 ? "error" : "info",
	    "request_id", jr->request_id, "method",
	    http_method_text(jr->req->method), "path",
	    jb_utf8_len(jr->req->path) == (size_t)-1 ? "(invalid utf-8)"
						     : jr->req->path,
	    "status", jr->status, "ms",
	    (json_int_t)(kore_time_ms() - jr->start), "role",
	    jb_role_name(jr->role), "sub", sub);
	if (line == NULL)
		return;
	if ((s = json_dumps(line, JSON_COMPACT)) != NULL) {
		http_log_append(s, strlen(s));
		free(s);
	}
	json_decref(line);
}

/*
 * The log lines of one event-loop pass are written together: a line goes
 * into the worker's buffer, and the first line of a pass adds a one-shot
 * timer that Kore runs at the start of the next pass (after it waited
 * for events: no busy loop), which writes the buffer with one write(2).
 * A full buffer is written at once; jb_log_flush() (kore_worker_teardown,
 * src/jobbro.c) writes what is left when the worker stops.
 */
static void
http_log_append(const char *line, size_t len)
{
	if (len + 1 > sizeof(http_logbuf) - http_loglen)
		jb_log_flush();
	if (len + 1 > sizeof(http_logbuf)) { /* longer than the buffer */
		http_log_write(line, len);
		http_log_write("\n", 1);
		return;
	}
	memcpy(http_logbuf + http_loglen, line, len);
	http_logbuf[http_loglen + len] = '\n';
	http_loglen += len + 1;
	if (!http_log_timer_set) {
		http_log_timer_set = 1;
		(void)kore_timer_add(http_log_timer, 0, NULL,
		    KORE_TIMER_ONESHOT);
	}
}

/* Write the buffered log lines to stderr. */
void
jb_log_flush(void)
{
	http_log_write(http_logbuf, http_loglen);
	http_loglen = 0;
}

static void
http_log_timer(void *arg, uint64_t now)
{
	http_log_timer_set = 0;
	jb_log_flush();
}

/* All of len bytes to stderr (a pipe may take them in parts). */
static void
http_log_write(const char *p, size_t len)
{
	ssize_t n;

	while (len > 0) {
		if ((n = write(STDERR_FILENO, p, len)) == -1) {
			if (errno == EINTR)
				continue;
			return;
		}
		p += n;
		len -= (size_t)n;
	}
}

static int
http_request_id_sane(const char *s)
{
	size_t i;

	for (i = 0; s[i] != '\0'; i++) {
		if (i >= 128 ||
		    !(isalnum((unsigned char)s[i]) ||
			strchr("._:-", s[i]) != NULL))
			return (0);
	}
	return (i > 0);
}

/* A charset parameter, if any, names UTF-8 (RFC 8259: JSON is UTF-8). */
static int
http_charset_ok(const char *ct)
{
	const char *p, *v;
	size_t n;

	for (p = strchr(ct, ';'); p != NULL; p = strchr(p + 1, ';')) {
		v = p + 1;
		while (*v == ' ' || *v == '\t')
			v++;
		if (strncasecmp(v, "charset=", 8) != 0)
			continue;
		v += 8;
		if (*v == '"')
			v++;
		n = strcspn(v, "\"; \t");
		if (!((n == 5 && strncasecmp(v, "utf-8", 5) == 0) ||
			(n == 4 && strncasecmp(v, "utf8", 4) == 0)))
			return (0);
	}
	return (1);
}

/* Nesting depth of arrays/objects outside strings stays within limits. */
static int
http_json_depth_ok(const char *p, size_t len)
{
	size_t i;
	int depth, in_str;

	for (i = 0, depth = 0, in_str = 0; i < len; i++) {
		if (in_str) {
			if (p[i] == '\\')
				i++;
			else if (p[i] == '"')
				in_str = 0;
		} else if (p[i] == '"') {
			in_str = 1;
		} else if (p[i] == '[' || p[i] == '{') {
			if (++depth > JB_JSON_DEPTH_MAX)
				return (0);
		} else if (p[i] == ']' || p[i] == '}') {
			depth--;
		}
	}
	return (1);
}

/* Build and send a problem body; Retry-After where the status needs it. */
static int
http_problem(struct jb_request *jr, int status, const char *slug,
    const char *detail, json_t *errors, const char *oauth_error)
{
	char *body, secs[16];
	int r;

	if (status == 503 || status == 429) {
		(void)snprintf(secs, sizeof(secs), "%d",
		    jr->retry_after > 0 ? jr->retry_after : 1);
		http_response_header(jr->req, "retry-after", secs);
	}
	body = jb_problem_build(status, slug, detail, jr->request_id, errors,
	    oauth_error);
	r = jb_respond(jr, status, "application/problem+json", body,
	    strlen(body));
	free(body);

	return (r);
}

/*
 * An answer given before the caller was known (404, 405, a bad token;
 * src/throttle.c counts the rest): its address pays, unless the path is
 * a probe. Returns 0 when that address's budget is spent.
 */
static int
http_ratelimit_early(struct jb_request *jr)
{
	if (jr->rl.state != JB_RL_UNCHECKED ||
	    jb_ratelimit_exempt(jr->req->path))
		return (1);
	if (jb_ratelimit_take(&jr->rl, JB_RL_ADDRESS, jr->ip, kore_time_ms()))
		return (1);
	jr->retry_after = (int)jr->rl.reset;

	return (0);
}

/* RateLimit-* (draft-ietf-httpapi-ratelimit-headers) of a counted request. */
static void
http_ratelimit_headers(struct jb_request *jr)
{
	char v[32];

	if (jr->rl.state != JB_RL_ALLOWED && jr->rl.state != JB_RL_REFUSED)
		return;
	(void)snprintf(v, sizeof(v), "%u", jr->rl.limit);
	http_response_header(jr->req, "ratelimit-limit", v);
	(void)snprintf(v, sizeof(v), "%u", jr->rl.remaining);
	http_response_header(jr->req, "ratelimit-remaining", v);
	(void)snprintf(v, sizeof(v), "%u", jr->rl.reset);
	http_response_header(jr->req, "ratelimit-reset", v);
	(void)snprintf(v, sizeof(v), "%u;w=%u", jr->rl.limit, jr->rl.window);
	http_response_header(jr->req, "ratelimit-policy", v);
}
