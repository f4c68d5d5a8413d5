/*
 * problem.c — builds application/problem+json bodies (RFC 9457):
 * {"type","title","status","detail","request_id","errors":[...]} and,
 * for OAuth token failures, the RFC 6749 "error" code as well.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "jb_problem.h"

static size_t problem_utf8_prefix(const char *);

/* clang-format off */
static const struct {
	int		status;
	const char	*slug;
	const char	*title;
} problem_kinds[] = {
	{ 400, "bad-request", "Bad request" },
	{ 401, "unauthorized", "Authentication required" },
	{ 403, "forbidden", "Forbidden" },
	{ 404, "not-found", "Not found" },
	{ 405, "method-not-allowed", "Method not allowed" },
	{ 409, "conflict", "Conflict" },
	{ 410, "gone", "Gone" },
	{ 412, "precondition-failed", "Precondition failed" },
	{ 413, "payload-too-large", "Payload too large" },
	{ 415, "unsupported-media-type", "Unsupported media type" },
	{ 422, "validation-failed", "Validation failed" },
	{ 429, "too-many-requests", "Too many requests" },
	{ 500, "internal-error", "Internal server error" },
	{ 503, "service-unavailable", "Service unavailable" },
	{ 0, NULL, NULL }
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

const char *
jb_problem_slug(int status)
{
	int i;

	for (i = 0; problem_kinds[i].status != 0; i++) {
		if (problem_kinds[i].status == status)
			return (problem_kinds[i].slug);
	}
	return (status >= 500 ? "internal-error" : "bad-request");
}

const char *
jb_problem_title(int status)
{
	int i;

	for (i = 0; problem_kinds[i].status != 0; i++) {
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
