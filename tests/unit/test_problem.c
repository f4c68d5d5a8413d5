/*
 * test_problem.c — RFC 9457 problem bodies and field error lists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "jb_problem.h"

static const struct {
	int status;
	const char *slug;
	const char *title;
} kinds[] = {
    {400, "bad-request", "Bad request"},
    {401, "unauthorized", "Authentication required"},
    {403, "forbidden", "Forbidden"},
    {404, "not-found", "Not found"},
    {405, "method-not-allowed", "Method not allowed"},
    {409, "conflict", "Conflict"},
    {412, "precondition-failed", "Precondition failed"},
    {413, "payload-too-large", "Payload too large"},
    {415, "unsupported-media-type", "Unsupported media type"},
    {422, "validation-failed", "Validation failed"},
    {429, "too-many-requests", "Too many requests"},
    {500, "internal-error", "Internal server error"},
    {503, "service-unavailable", "Service unavailable"},
};

/* Build a problem and parse it back; the caller owns the result. */
static json_t *
build(int status, const char *slug, const char *detail, const char *rid,
    json_t *errors, const char *oauth)
{
	char *text;
	json_t *p;

	text = jb_problem_build(status, slug, detail, rid, errors, oauth);
	assert_non_null(text);
	p = json_loads(text, JSON_REJECT_DUPLICATES, NULL);
	if (p == NULL)
		fail_msg("not JSON: %s", text);
	free(text);
	assert_true(json_is_object(p));
	return (p);
}

static void
assert_member(const json_t *obj, const char *key, const char *want)
{
	const char *got;

	got = json_string_value(json_object_get(obj, key));
	if (got == NULL)
		fail_msg("\"%s\" missing or not a string", key);
	assert_string_equal(got, want);
}

static void
test_slug_and_title(void **state)
{
	size_t i;

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		assert_string_equal(jb_problem_slug(kinds[i].status),
		    kinds[i].slug);
		assert_string_equal(jb_problem_title(kinds[i].status),
		    kinds[i].title);
	}
	/* Unlisted statuses fall back by class. */
	assert_string_equal(jb_problem_slug(418), "bad-request");
	assert_string_equal(jb_problem_title(418), "Bad request");
	assert_string_equal(jb_problem_slug(502), "internal-error");
	assert_string_equal(jb_problem_title(504), "Internal server error");
}

/* Every type has a page: a unique slug, a title and what it means. */
static void
test_kinds_described(void **state)
{
	const struct jb_problem_kind *k, *j;
	size_t i;

	for (k = jb_problem_kinds(); k->slug != NULL; k++) {
		assert_true(k->status >= 400 && k->status <= 599);
		assert_non_null(k->title);
		assert_non_null(k->about);
		assert_true(strlen(k->about) > 20);
		assert_true(strspn(k->slug, "abcdefghijklmnopqrstuvwxyz-") ==
		    strlen(k->slug));
		for (j = jb_problem_kinds(); j < k; j++)
			assert_string_not_equal(j->slug, k->slug);
		assert_ptr_equal(jb_problem_find(k->slug), k);
	}
	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		assert_non_null(jb_problem_find(kinds[i].slug));
	assert_non_null(jb_problem_find("malformed-json"));
	assert_non_null(jb_problem_find("insufficient-scope"));
	assert_null(jb_problem_find("no-such-problem"));
	assert_null(jb_problem_find(""));
}

static void
test_build_minimal(void **state)
{
	json_t *p;
	size_t i;
	char type[128];

	for (i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
		p = build(kinds[i].status, NULL, NULL, NULL, NULL, NULL);
		(void)snprintf(type, sizeof(type), "%s%s", "/problems/",
		    kinds[i].slug);
		assert_member(p, "type", type);
		assert_member(p, "title", kinds[i].title);
		assert_true(json_is_integer(json_object_get(p, "status")));
		assert_int_equal(json_integer_value(
				     json_object_get(p, "status")),
		    kinds[i].status);
		/* Nothing else unless asked for. */
		assert_int_equal(json_object_size(p), 3);
		json_decref(p);
	}
}

static void
test_build_full(void **state)
{
	json_t *errors, *p, *e;

	errors = jb_errors_new();
	jb_errors_add(errors, "title", "required", "title is required");
	jb_errors_add(errors, "tasks[2]", "too_short",
	    "%s must be at least "
	    "%d characters",
	    "tasks[2]", 1);

	p = build(422, NULL, "2 fields are invalid", "req-0123", errors, NULL);
	assert_member(p, "type", JB_PROBLEM_BASE "validation-failed");
	assert_member(p, "title", "Validation failed");
	assert_member(p, "detail", "2 fields are invalid");
	assert_member(p, "request_id", "req-0123");
	assert_null(json_object_get(p, "error"));

	e = json_object_get(p, "errors");
	assert_true(json_is_array(e));
	assert_int_equal(json_array_size(e), 2);
	assert_member(json_array_get(e, 0), "field", "title");
	assert_member(json_array_get(e, 0), "code", "required");
	assert_member(json_array_get(e, 0), "message", "title is required");
	assert_member(json_array_get(e, 1), "field", "tasks[2]");
	assert_member(json_array_get(e, 1), "code", "too_short");
	assert_member(json_array_get(e, 1), "message",
	    "tasks[2] must be at least 1 characters");
	assert_int_equal(json_object_size(json_array_get(e, 1)), 3);
	json_decref(p);
}

static void
test_build_empty_errors(void **state)
{
	json_t *p;

	p = build(422, NULL, NULL, NULL, jb_errors_new(), NULL);
	assert_true(json_is_array(json_object_get(p, "errors")));
	assert_int_equal(json_array_size(json_object_get(p, "errors")), 0);
	json_decref(p);
}

static void
test_build_oauth_error(void **state)
{
	json_t *p;

	p = build(400, "invalid-grant", "refresh token expired", "r1", NULL,
	    "invalid_grant");
	assert_member(p, "error", "invalid_grant");
	assert_member(p, "type", JB_PROBLEM_BASE "invalid-grant");
	assert_member(p, "title", "Bad request");
	assert_member(p, "detail", "refresh token expired");
	json_decref(p);

	p = build(401, NULL, NULL, NULL, NULL, "invalid_client");
	assert_member(p, "error", "invalid_client");
	assert_member(p, "type", JB_PROBLEM_BASE "unauthorized");
	json_decref(p);
}

/* An explicit slug wins over the status-derived one; title still follows
 * the status. */
static void
test_build_custom_slug(void **state)
{
	json_t *p;

	p = build(409, "etag-mismatch", NULL, NULL, NULL, NULL);
	assert_member(p, "type", JB_PROBLEM_BASE "etag-mismatch");
	assert_member(p, "title", "Conflict");
	json_decref(p);
}

static void
test_build_escapes(void **state)
{
	json_t *p;

	p = build(400, NULL, "a \"quoted\" \\ detail\nwith æøå", "id\"1", NULL,
	    NULL);
	assert_member(p, "detail", "a \"quoted\" \\ detail\nwith æøå");
	assert_member(p, "request_id", "id\"1");
	json_decref(p);
}

static void
test_errors_add_order_and_format(void **state)
{
	json_t *errors;
	char field[16];
	int i;

	errors = jb_errors_new();
	assert_true(json_is_array(errors));
	assert_int_equal(json_array_size(errors), 0);
	for (i = 0; i < 20; i++) {
		(void)snprintf(field, sizeof(field), "f%d", i);
		jb_errors_add(errors, field, "invalid_type", "%s #%d %.1f",
		    field, i, 0.25 * i);
	}
	assert_int_equal(json_array_size(errors), 20);
	assert_member(json_array_get(errors, 7), "field", "f7");
	assert_member(json_array_get(errors, 7), "message", "f7 #7 1.8");
	json_decref(errors);
}

/* Messages are capped at 255 bytes. */
static void
test_errors_add_long_message(void **state)
{
	json_t *errors;
	char big[400];
	const char *msg;

	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	errors = jb_errors_new();
	jb_errors_add(errors, "f", "c", "%s", big);
	assert_int_equal(json_array_size(errors), 1);
	msg = json_string_value(
	    json_object_get(json_array_get(errors, 0), "message"));
	assert_non_null(msg);
	assert_int_equal(strlen(msg), 255);
	json_decref(errors);
}

/*
 * Regression (was src/problem.c:261-266): the 256-byte message buffer is cut
 * at a byte, not a character. When the cut splits a multi-byte UTF-8
 * sequence json_pack() refuses the invalid string, returns NULL, and the
 * error is silently not added at all.
 */
static void
regress_errors_add_long_utf8_message(void **state)
{
	json_t *errors;
	char big[601];
	int i;
	size_t n;

	for (i = 0; i < 300; i++)
		memcpy(big + 2 * i, "\xc3\xa6", 2); /* æ */
	big[600] = '\0';
	errors = jb_errors_new();
	jb_errors_add(errors, "name", "too_long", "%s", big);
	n = json_array_size(errors);
	json_decref(errors);
	assert_int_equal(n, 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_slug_and_title),
	    cmocka_unit_test(test_kinds_described),
	    cmocka_unit_test(test_build_minimal),
	    cmocka_unit_test(test_build_full),
	    cmocka_unit_test(test_build_empty_errors),
	    cmocka_unit_test(test_build_oauth_error),
	    cmocka_unit_test(test_build_custom_slug),
	    cmocka_unit_test(test_build_escapes),
	    cmocka_unit_test(test_errors_add_order_and_format),
	    cmocka_unit_test(test_errors_add_long_message),
	    cmocka_unit_test(regress_errors_add_long_utf8_message),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
