/*
 * test_etag.c — entity tags made from bytes, and If-None-Match matching.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jb_etag.h"

static void
test_tag_of_bytes(void **state)
{
	char a[JB_ETAG_LEN], b[JB_ETAG_LEN], c[JB_ETAG_LEN];

	jb_etag_of(NULL, "{\"a\":1}", 7, a);
	jb_etag_of(NULL, "{\"a\":1}", 7, b);
	jb_etag_of(NULL, "{\"a\":2}", 7, c);
	assert_string_equal(a, b);
	assert_string_not_equal(a, c);
	assert_int_equal(strlen(a), 24); /* quotes + 22 base64url */
	assert_int_equal(a[0], '"');
	assert_int_equal(a[23], '"');
	assert_ptr_equal(strchr(a + 1, '"'), a + 23);
}

static void
test_tag_with_version(void **state)
{
	char a[JB_ETAG_LEN], b[JB_ETAG_LEN];

	jb_etag_of("\"3\"", "{}", 2, a);
	jb_etag_of("\"4\"", "{}", 2, b);
	assert_memory_equal(a, "\"3-", 3);
	assert_memory_equal(b, "\"4-", 3);
	assert_int_equal(strlen(a), 3 + 11 + 1);
	assert_string_equal(a + 3, b + 3);
	/* A version that is not a short quoted string is left out. */
	jb_etag_of("3", "{}", 2, b);
	assert_int_equal(strlen(b), 24);
}

static void
test_match(void **state)
{
	const char *tag = "\"abc\"";

	assert_int_equal(jb_etag_match("\"abc\"", tag), JB_ETAG_MATCH);
	assert_int_equal(jb_etag_match("W/\"abc\"", tag), JB_ETAG_MATCH);
	assert_int_equal(jb_etag_match("\"x\", \"abc\"", tag), JB_ETAG_MATCH);
	assert_int_equal(jb_etag_match(" \"x\" ,W/\"abc\" ", tag),
	    JB_ETAG_MATCH);
	assert_int_equal(jb_etag_match("*", tag), JB_ETAG_MATCH);
	assert_int_equal(jb_etag_match(" * ", tag), JB_ETAG_MATCH);
	assert_int_equal(jb_etag_match("\"abd\"", tag), JB_ETAG_NOMATCH);
	assert_int_equal(jb_etag_match("\"ab\", \"\"", tag), JB_ETAG_NOMATCH);
	assert_int_equal(jb_etag_match(",\"x\",,", tag), JB_ETAG_NOMATCH);
	/* Weak comparison: a weak current tag matches its strong form. */
	assert_int_equal(jb_etag_match("\"abc\"", "W/\"abc\""), JB_ETAG_MATCH);
}

static void
test_malformed(void **state)
{
	const char *bad[] = {"", " ", ",", "abc", "\"abc", "abc\"",
	    "\"a\" \"b\"", "\"a\";", "*, \"a\"", "**", "w/\"a\"", "W\"a\"",
	    "\"a b\"", "\"a\tb\"", "\"a\"x", NULL};
	int i;

	for (i = 0; bad[i] != NULL; i++) {
		if (jb_etag_match(bad[i], "\"a\"") != JB_ETAG_MALFORMED)
			fail_msg("accepted %s", bad[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_tag_of_bytes),
	    cmocka_unit_test(test_tag_with_version),
	    cmocka_unit_test(test_match),
	    cmocka_unit_test(test_malformed),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
