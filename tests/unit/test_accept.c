/*
 * test_accept.c — content negotiation: q-values, specificity of media
 * ranges, ties to the server's first offer, and malformed headers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jb_accept.h"

/* What Jobbro offers for a job: JSON first (the default), then JSON-LD. */
static const char *const offers[] = {"application/json", "application/ld+json",
    NULL};

#define JSON 0
#define JSONLD 1
#define NONE (-1)

static int
choose(const char *accept)
{
	return (jb_accept_choose(accept, offers));
}

static void
test_absent_or_empty(void **state)
{
	assert_int_equal(choose(NULL), JSON);
	assert_int_equal(choose(""), JSON);
	assert_int_equal(choose("   "), JSON);
	assert_int_equal(choose(","), JSON);
}

static void
test_exact(void **state)
{
	assert_int_equal(choose("application/json"), JSON);
	assert_int_equal(choose("application/ld+json"), JSONLD);
	assert_int_equal(choose("APPLICATION/LD+JSON"), JSONLD);
	assert_int_equal(choose(" application/ld+json ; charset=utf-8 "),
	    JSONLD);
	assert_int_equal(choose("application/ld+json; "
				"profile=\"https://schema.org, x\""),
	    JSONLD);
}

static void
test_wildcards_prefer_the_first_offer(void **state)
{
	assert_int_equal(choose("*/*"), JSON);
	assert_int_equal(choose("application/*"), JSON);
	assert_int_equal(choose("*/*;q=0.1, application/ld+json"), JSONLD);
	/* The most specific range decides: ld+json has q 0 here. */
	assert_int_equal(choose("application/ld+json;q=0, */*"), JSON);
	assert_int_equal(choose("application/json;q=0, application/*"), JSONLD);
	assert_int_equal(choose("application/json;q=0.9, */*"), JSONLD);
}

static void
test_qvalues(void **state)
{
	assert_int_equal(choose("application/ld+json, application/json;q=0.9"),
	    JSONLD);
	assert_int_equal(choose("application/json;q=0.5, "
				"application/ld+json;q=0.8"),
	    JSONLD);
	assert_int_equal(choose("application/ld+json;q=0.5, application/json"),
	    JSON);
	assert_int_equal(choose("application/ld+json;q=0.999, "
				"application/json;q=1.000"),
	    JSON);
	assert_int_equal(choose("application/ld+json;Q=0.002,application/"
				"json;q=0.001"),
	    JSONLD);
	/* A tie goes to the server's first offer. */
	assert_int_equal(choose(
			     "application/ld+json;q=1.0, application/json;q=1"),
	    JSON);
	assert_int_equal(choose("text/html, application/xhtml+xml, "
				"application/ld+json;q=0.9, */*;q=0.8"),
	    JSONLD);
	/* The higher of two equally specific ranges counts. */
	assert_int_equal(choose("application/ld+json;q=0.1, "
				"application/json;q=0.5, application/ld+json"),
	    JSONLD);
}

static void
test_nothing_acceptable(void **state)
{
	assert_int_equal(choose("text/html"), NONE);
	assert_int_equal(choose("application/json;q=0"), NONE);
	assert_int_equal(choose(
			     "application/json;q=0, application/ld+json;q=0"),
	    NONE);
	assert_int_equal(choose("application/xml, text/*"), NONE);
	assert_int_equal(choose("application/jsonx, application/ld"), NONE);
}

static void
test_malformed_ranges_are_skipped(void **state)
{
	/* Bad q-values: out of range, too precise, not a number. */
	assert_int_equal(choose("application/ld+json;q=2, application/json"),
	    JSON);
	assert_int_equal(choose("application/ld+json;q=0.0001"), JSON);
	assert_int_equal(choose("application/ld+json;q=abc"), JSON);
	assert_int_equal(choose("application/ld+json;q=1.5"), JSON);
	assert_int_equal(choose("application/ld+json;q="), JSON);
	assert_int_equal(choose("application/ld+json;q=\"0.5\""), JSON);
	/* No subtype, a star type with a subtype, junk, open quotes. */
	assert_int_equal(choose("application"), JSON);
	assert_int_equal(choose("application/"), JSON);
	assert_int_equal(choose("*/ld+json"), JSON);
	assert_int_equal(choose("application/ld+json junk"), JSON);
	assert_int_equal(choose("application/ld+json;x=\"open"), JSON);
	assert_int_equal(choose("application/ld+json;x"), JSON);
	/* One bad range does not spoil the good ones. */
	assert_int_equal(choose("garbage, application/ld+json"), JSONLD);
	assert_int_equal(choose("application/ld+json;;q=0.5, "
				"application/json;q=0.4"),
	    JSONLD);
}

static void
test_no_offers(void **state)
{
	const char *const none[] = {NULL};

	assert_int_equal(jb_accept_choose("*/*", none), NONE);
	assert_int_equal(jb_accept_choose(NULL, none), NONE);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_absent_or_empty),
	    cmocka_unit_test(test_exact),
	    cmocka_unit_test(test_wildcards_prefer_the_first_offer),
	    cmocka_unit_test(test_qvalues),
	    cmocka_unit_test(test_nothing_acceptable),
	    cmocka_unit_test(test_malformed_ranges_are_skipped),
	    cmocka_unit_test(test_no_offers),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
