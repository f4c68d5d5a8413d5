/*
 * test_cursor.c — signed opaque keyset cursors.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "jb_cursor.h"

static const unsigned char key_main[] = "unit-test secret, thirty-two b!!";
static const unsigned char key_other[] = "another secret entirely, 32 b!!!";
static const char alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/* The longest raw array that fits: (512 / 4) * 3 bytes minus the MAC. */
#define RAW_MAX (((JB_CURSOR_MAX / 4) * 3) - 16)

static int
setup(void **state)
{
	jb_cursor_set_key(key_main, sizeof(key_main) - 1);
	return (0);
}

/* Encode raw with the current key; fails the test if it cannot. */
static void
encode(const char *raw, char *out)
{
	if (jb_cursor_encode("jobs_list", raw, out, JB_CURSOR_MAX + 1) != 0)
		fail_msg("could not encode %s", raw);
}

/* The JSON text ["aaa…"], exactly len bytes long (malloc'd). */
static char *
raw_of_length(size_t len)
{
	char *raw;

	assert_true(len >= 4);
	raw = malloc(len + 1);
	assert_non_null(raw);
	raw[0] = '[';
	raw[1] = '"';
	memset(raw + 2, 'a', len - 4);
	raw[len - 2] = '"';
	raw[len - 1] = ']';
	raw[len] = '\0';
	return (raw);
}

static void
assert_round_trip(const char *raw)
{
	char cursor[JB_CURSOR_MAX + 1];
	json_t *got, *want;

	encode(raw, cursor);
	assert_true(strlen(cursor) <= JB_CURSOR_MAX);
	assert_int_equal(strspn(cursor, alphabet), strlen(cursor));
	want = json_loads(raw, 0, NULL);
	assert_non_null(want);
	got = jb_cursor_decode("jobs_list", cursor);
	if (got == NULL)
		fail_msg("%s did not survive a round trip", raw);
	assert_true(json_equal(got, want));
	json_decref(got);
	json_decref(want);
}

static void
assert_decode_fails(const char *cursor)
{
	json_t *v;

	if ((v = jb_cursor_decode("jobs_list", cursor)) != NULL) {
		json_decref(v);
		fail_msg("cursor \"%s\" was accepted", cursor);
	}
}

static void
test_round_trip(void **state)
{
	assert_round_trip("[\"2024-05-01T12:00:00Z\","
			  "\"0b7e6f4c-3f5a-4c7e-9d8a-1b2c3d4e5f60\"]");
	assert_round_trip("[1]");
	assert_round_trip("[-17, 3.5, \"x\", \"\\u00e6\\u00f8\\u00e5\"]");
	assert_round_trip("[\"\"]");
	assert_round_trip("[0,0,0,0]");
}

static void
test_deterministic_per_key(void **state)
{
	char a[JB_CURSOR_MAX + 1], b[JB_CURSOR_MAX + 1];

	encode("[1,\"x\"]", a);
	encode("[1,\"x\"]", b);
	assert_string_equal(a, b);
	encode("[2,\"x\"]", b);
	assert_string_not_equal(a, b);
}

/* Changing any single character of a cursor invalidates it. */
static void
test_tampered(void **state)
{
	char cursor[JB_CURSOR_MAX + 1], copy[JB_CURSOR_MAX + 1];
	size_t i, len;
	json_t *v;

	encode("[\"2024-05-01T12:00:00Z\",42]", cursor);
	len = strlen(cursor);
	for (i = 0; i < len; i++) {
		memcpy(copy, cursor, len + 1);
		copy[i] = copy[i] == 'A' ? 'B' : 'A';
		if ((v = jb_cursor_decode("jobs_list", copy)) != NULL) {
			json_decref(v);
			fail_msg("flipping position %zu went unnoticed", i);
		}
	}
	/* Truncated, extended, padded. */
	memcpy(copy, cursor, len + 1);
	copy[len - 1] = '\0';
	assert_decode_fails(copy);
	copy[len - 4] = '\0';
	assert_decode_fails(copy);
	memcpy(copy, cursor, len + 1);
	strcat(copy, "A");
	assert_decode_fails(copy);
	memcpy(copy, cursor, len + 1);
	strcat(copy, "AAAA");
	assert_decode_fails(copy);
	memcpy(copy, cursor, len + 1);
	strcat(copy, "=");
	assert_decode_fails(copy);
}

static void
test_other_key(void **state)
{
	char cursor[JB_CURSOR_MAX + 1];
	json_t *v;

	jb_cursor_set_key(key_other, sizeof(key_other) - 1);
	encode("[1,\"x\"]", cursor);
	v = jb_cursor_decode("jobs_list", cursor);
	assert_non_null(v);
	json_decref(v);

	jb_cursor_set_key(key_main, sizeof(key_main) - 1);
	assert_decode_fails(cursor);
	/* A secret that differs only in length is another key, too. */
	jb_cursor_set_key(key_main, sizeof(key_main) - 2);
	encode("[1,\"x\"]", cursor);
	jb_cursor_set_key(key_main, sizeof(key_main) - 1);
	assert_decode_fails(cursor);
}

/* Properly signed, but not an array of 1..4 strings or numbers. */
static void
test_bad_payloads(void **state)
{
	static const char *const payloads[] = {"{\"a\":1}", "\"s\"", "5",
	    "null", "true", "[]", "[1,2,3,4,5]", "[null]", "[true]", "[[1]]",
	    "[{}]", "[1,null]", "not json", "[1,2", "[1]x", "",
	    "{\"a\":1,\"a\":2}", NULL};
	const char *const *p;
	char cursor[JB_CURSOR_MAX + 1];

	for (p = payloads; *p != NULL; p++) {
		encode(*p, cursor);
		assert_decode_fails(cursor);
	}
}

static void
test_garbage(void **state)
{
	assert_decode_fails("");
	assert_decode_fails("!");
	assert_decode_fails("not a cursor");
	assert_decode_fails("AAAA");
	/* 16 bytes: a MAC with nothing before it. */
	assert_decode_fails("AAAAAAAAAAAAAAAAAAAAAA");
	assert_decode_fails(
	    "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
	assert_decode_fails("WzFd"); /* "[1]" unsigned */
}

static void
test_length_limits(void **state)
{
	char cursor[JB_CURSOR_MAX + 2], *raw, *big;
	json_t *v;

	/* The longest payload encodes to exactly JB_CURSOR_MAX and back. */
	raw = raw_of_length(RAW_MAX);
	encode(raw, cursor);
	assert_int_equal(strlen(cursor), JB_CURSOR_MAX);
	v = jb_cursor_decode("jobs_list", cursor);
	assert_non_null(v);
	assert_int_equal(strlen(json_string_value(json_array_get(v, 0))),
	    RAW_MAX - 4);
	json_decref(v);
	free(raw);

	/* One byte more is refused. */
	raw = raw_of_length(RAW_MAX + 1);
	assert_int_equal(jb_cursor_encode("jobs_list", raw, cursor,
			     sizeof(cursor)),
	    -1);
	free(raw);

	/* So is an output buffer that is too small. */
	assert_int_equal(jb_cursor_encode("jobs_list", "[1]", cursor, 10), -1);

	/* Decoding refuses anything longer than JB_CURSOR_MAX, without
	 * overrunning its buffer. */
	big = malloc(4 * JB_CURSOR_MAX + 1);
	assert_non_null(big);
	memset(big, 'A', 4 * JB_CURSOR_MAX);
	big[JB_CURSOR_MAX + 4] = '\0';
	assert_decode_fails(big);
	big[4 * JB_CURSOR_MAX] = '\0';
	assert_decode_fails(big);
	free(big);
}

/* A cursor is signed for its list and filters; limit may change. */
static void
test_scope_binds_filters(void **state)
{
	char s1[JB_CURSOR_SCOPE_LEN], s2[JB_CURSOR_SCOPE_LEN];
	char s3[JB_CURSOR_SCOPE_LEN], s4[JB_CURSOR_SCOPE_LEN];
	char out[JB_CURSOR_MAX + 1];
	json_t *q, *keys;

	q = json_pack("{s:s, s:s, s:i}", "municipality_code", "0101", "status",
	    "published", "limit", 20);
	jb_cursor_scope("jobs_list", q, s1);
	json_object_set_new(q, "limit", json_integer(5));
	json_object_set_new(q, "cursor", json_string("whatever"));
	jb_cursor_scope("jobs_list", q, s2);
	assert_string_equal(s1, s2);
	json_object_set_new(q, "status", json_string("draft"));
	jb_cursor_scope("jobs_list", q, s3);
	assert_string_not_equal(s1, s3);
	jb_cursor_scope("feed_jobs", NULL, s4);
	assert_string_equal(s4, "feed_jobs");
	json_decref(q);

	/* Key order does not matter. */
	q = json_pack("{s:s, s:s}", "status", "published", "municipality_code",
	    "0101");
	jb_cursor_scope("jobs_list", q, s4);
	assert_string_equal(s1, s4);
	json_decref(q);

	assert_int_equal(jb_cursor_encode(s1, "[\"2026\"]", out, sizeof(out)),
	    0);
	keys = jb_cursor_decode(s1, out);
	assert_non_null(keys);
	json_decref(keys);
	assert_null(jb_cursor_decode(s3, out));
	assert_null(jb_cursor_decode("jobs_list", out));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup(test_round_trip, setup),
	    cmocka_unit_test_setup(test_deterministic_per_key, setup),
	    cmocka_unit_test_setup(test_tampered, setup),
	    cmocka_unit_test_setup(test_other_key, setup),
	    cmocka_unit_test_setup(test_bad_payloads, setup),
	    cmocka_unit_test_setup(test_garbage, setup),
	    cmocka_unit_test_setup(test_length_limits, setup),
	    cmocka_unit_test_setup(test_scope_binds_filters, setup),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
