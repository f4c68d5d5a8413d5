/*
 * problem.c — builds application/problem+json bodies (RFC 9457):
 * {"type","title","status","detail","request_id","errors":[...]} and,
 * for OAuth token failures, the RFC 6749 "error" code as well.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jb_problem.h"

static size_t problem_utf8_prefix(const char *);

/*
 * Every problem type the server sends: the first row of a status is the
 * type of that status; the later rows are the particular types some
 * answers name (GET /problems/<slug> shows each: src/endpoints/docs.c).
 */
/* clang-format off */
static const struct jb_problem_kind problem_kinds[] = {
	{ 400, "bad-request", "Bad request",
	    "A query parameter, header or path segment has a value the "
	    "operation cannot take; errors names each. Fix the request." },
	{ 401, "unauthorized", "Authentication required",
	    "No bearer token, or one that is malformed, expired, revoked or "
	    "whose user has changed. Get a new access token (POST "
	    "/v1/auth/token) and send it as Authorization: Bearer." },
	{ 403, "forbidden", "Forbidden",
	    "Your role may not do this, or not to this object. Ask an "
	    "administrator if you should." },
	{ 404, "not-found", "Not found",
	    "No such resource, or none you may see. Check the path and id." },
	{ 405, "method-not-allowed", "Method not allowed",
	    "The path exists but not with this method; the Allow header "
	    "lists the methods it has." },
	{ 409, "conflict", "Conflict",
	    "The request clashes with the current state: a duplicate, a "
	    "transition the object's state does not allow, or a row still "
	    "in use. Read the object again and decide." },
	{ 410, "gone", "Gone",
	    "The answer an Idempotency-Key replay would repeat named a "
	    "person whose data has since been erased." },
	{ 412, "precondition-failed", "Precondition failed",
	    "If-Match does not match the object's current ETag: someone "
	    "changed it. GET it again, reapply your change, retry." },
	{ 413, "payload-too-large", "Payload too large",
	    "The body is over 1 MiB. Send less, or in batches." },
	{ 415, "unsupported-media-type", "Unsupported media type",
	    "The body is not application/json (UTF-8), or form-encoded "
	    "where that is accepted. Fix Content-Type." },
	{ 422, "validation-failed", "Validation failed",
	    "One or more fields are invalid; errors lists every bad field "
	    "with a code and a message. Fix them and send again." },
	{ 429, "too-many-requests", "Too many requests",
	    "You sent too many requests. Wait the Retry-After seconds, "
	    "then retry." },
	{ 500, "internal-error", "Internal server error",
	    "The server failed. Retry later; if it persists, report the "
	    "request_id." },
	{ 503, "service-unavailable", "Service unavailable",
	    "The database is unreachable or the server is stopping. Retry "
	    "after the Retry-After seconds." },
	{ 400, "malformed-json", "Malformed JSON",
	    "The body is not valid JSON, nests too deep or is not a JSON "
	    "object. Send one JSON object." },
	{ 400, "invalid-request", "Invalid token request",
	    "POST /v1/auth/token lacks a parameter or repeats one "
	    "(OAuth 2.0 error invalid_request). Check grant_type and its "
	    "parameters." },
	{ 400, "unsupported-grant-type", "Unsupported grant type",
	    "The grant_type is not password, refresh_token or "
	    "client_credentials (OAuth 2.0 error unsupported_grant_type)." },
	{ 400, "invalid-grant", "Invalid grant",
	    "The e-mail address or password is wrong, or the refresh token "
	    "is unknown, expired or revoked (OAuth 2.0 error "
	    "invalid_grant). Log in again." },
	{ 401, "invalid-client", "Invalid client",
	    "The API client's id or secret is wrong, or the client is "
	    "inactive (OAuth 2.0 error invalid_client). Check the "
	    "credentials with the administrator." },
	{ 403, "insufficient-scope", "Insufficient scope",
	    "The API client's token lacks the scope this operation needs "
	    "(OAuth 2.0 error insufficient_scope; WWW-Authenticate names "
	    "it). Ask for a client with that scope." },
	{ 0, NULL, NULL, NULL }
};
/* clang-format on */

/* A new, empty list of field errors. */
json_t *
jb_errors_new(void)
{
	return (json_array());
}

/*
 * Append {"field","code","message"} to errors. Field names come from
 * clients and messages are cut at 255 bytes, so both are clipped to their
 * longest valid UTF-8 prefix: an error is never lost to bad encoding.
 */
void
jb_errors_add(json_t *errors, const char *field, const char *code,
    const char *fmt, ...)
{
	va_list ap;
	char msg[256], name[160];

	va_start(ap, fmt);
	(void)vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	(void)snprintf(name, sizeof(name), "%s", field);

	json_array_append_new(errors,
	    json_pack("{s:s%, s:s, s:s%}", "field", name,
		problem_utf8_prefix(name), "code", code, "message", msg,
		problem_utf8_prefix(msg)));
}

/* The problem types, ending with a row whose slug is NULL. */
const struct jb_problem_kind *
jb_problem_kinds(void)
{
	return (problem_kinds);
}

/* The problem type of slug, or NULL. */
const struct jb_problem_kind *
jb_problem_find(const char *slug)
{
	int i;

	for (i = 0; problem_kinds[i].slug != NULL; i++) {
		if (strcmp(problem_kinds[i].slug, slug) == 0)
			return (&problem_kinds[i]);
	}
	return (NULL);
}

const char *
jb_problem_slug(int status)
{
	int i;

	for (i = 0; problem_kinds[i].slug != NULL; i++) {
		if (problem_kinds[i].status == status)
			return (problem_kinds[i].slug);
	}
	return (status >= 500 ? "internal-error" : "bad-request");
}

const char *
jb_problem_title(int status)
{
	int i;

	for (i = 0; problem_kinds[i].slug != NULL; i++) {
		if (problem_kinds[i].status == status)
			return (problem_kinds[i].title);
	}
	return (status >= 500 ? "Internal server error" : "Bad request");
}

/*
 * Build a problem body. slug may be NULL (derived from status), errors
 * (stolen) and oauth_error may be NULL. Returns a malloc'd string.
 */
char *
jb_problem_build(int status, const char *slug, const char *detail,
    const char *request_id, json_t *errors, const char *oauth_error)
{
	json_t *p;
	char *out, type[128];

	if (slug == NULL)
		slug = jb_problem_slug(status);
	(void)snprintf(type, sizeof(type), "%s%s", JB_PROBLEM_BASE, slug);

	p = json_pack("{s:s, s:s, s:i}", "type", type, "title",
	    jb_problem_title(status), "status", status);
	if (detail != NULL)
		json_object_set_new(p, "detail", json_string(detail));
	if (request_id != NULL)
		json_object_set_new(p, "request_id", json_string(request_id));
	if (errors != NULL)
		json_object_set_new(p, "errors", errors);
	if (oauth_error != NULL)
		json_object_set_new(p, "error", json_string(oauth_error));

	out = json_dumps(p, JSON_COMPACT);
	json_decref(p);

	return (out);
}

/* Length of the longest valid UTF-8 prefix of s. */
static size_t
problem_utf8_prefix(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i, ok;
	int n, k;

	for (i = 0, ok = 0; p[i] != '\0'; ok = i) {
		if (p[i] < 0x80)
			n = 0;
		else if ((p[i] & 0xe0) == 0xc0 && p[i] >= 0xc2)
			n = 1;
		else if ((p[i] & 0xf0) == 0xe0)
			n = 2;
		else if ((p[i] & 0xf8) == 0xf0 && p[i] <= 0xf4)
			n = 3;
		else
			return (ok);
		for (k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				return (ok);
		}
		i += n + 1;
	}
	return (i);
}
