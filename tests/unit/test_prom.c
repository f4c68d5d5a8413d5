/*
 * test_prom.c — the Prometheus text format: label values escaped, and a
 * histogram's lines (cumulative buckets, +Inf, _sum, _count).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jb_prom.h"

static const double bounds[] = {0.005, 0.1, 1, 2.5};

static void
test_escape(void **state)
{
	char out[32];

	assert_int_equal(jb_prom_escape("/v1/jobs/{id}", out, sizeof(out)), 13);
	assert_string_equal(out, "/v1/jobs/{id}");
	assert_int_equal(jb_prom_escape("a\"b\\c\nd", out, sizeof(out)), 10);
	assert_string_equal(out, "a\\\"b\\\\c\\nd");
	assert_int_equal(jb_prom_escape("", out, sizeof(out)), 0);
	assert_string_equal(out, "");
}

static void
test_escape_too_long(void **state)
{
	char out[4];

	assert_int_equal(jb_prom_escape("abcdef", out, sizeof(out)), 0);
	assert_string_equal(out, "");
	assert_int_equal(jb_prom_escape("\"\"", out, sizeof(out)), 0);
	assert_int_equal(jb_prom_escape("abc", out, sizeof(out)), 3);
	assert_string_equal(out, "abc");
	assert_int_equal(jb_prom_escape("a\"", out, sizeof(out)), 3);
}

static void
test_histogram_labelled(void **state)
{
	const uint64_t counts[] = {2, 0, 3, 1, 4};
	char out[1024];
	int n;

	n = jb_prom_histogram(out, sizeof(out), "x_seconds",
	    "method=\"GET\",route=\"/v1/jobs\"", bounds, 4, counts, 12.3456);
	assert_int_equal(n, (int)strlen(out));
	assert_string_equal(out,
	    "x_seconds_bucket{method=\"GET\",route=\"/v1/jobs\",le=\"0.005\"} "
	    "2\n"
	    "x_seconds_bucket{method=\"GET\",route=\"/v1/jobs\",le=\"0.1\"} 2\n"
	    "x_seconds_bucket{method=\"GET\",route=\"/v1/jobs\",le=\"1\"} 5\n"
	    "x_seconds_bucket{method=\"GET\",route=\"/v1/jobs\",le=\"2.5\"} 6\n"
	    "x_seconds_bucket{method=\"GET\",route=\"/v1/jobs\",le=\"+Inf\"} "
	    "10\n"
	    "x_seconds_sum{method=\"GET\",route=\"/v1/jobs\"} 12.346\n"
	    "x_seconds_count{method=\"GET\",route=\"/v1/jobs\"} 10\n");
}

static void
test_histogram_unlabelled(void **state)
{
	const uint64_t counts[] = {0, 0, 0, 0, 0};
	char out[512];

	assert_true(jb_prom_histogram(out, sizeof(out), "w", "", bounds, 4,
			counts, 0) > 0);
	assert_string_equal(out,
	    "w_bucket{le=\"0.005\"} 0\n"
	    "w_bucket{le=\"0.1\"} 0\n"
	    "w_bucket{le=\"1\"} 0\n"
	    "w_bucket{le=\"2.5\"} 0\n"
	    "w_bucket{le=\"+Inf\"} 0\n"
	    "w_sum 0.000\n"
	    "w_count 0\n");
}

static void
test_histogram_too_small(void **state)
{
	const uint64_t counts[] = {1, 1, 1, 1, 1};
	char out[64];

	assert_int_equal(jb_prom_histogram(out, sizeof(out), "w", "", bounds, 4,
			     counts, 1),
	    -1);
	assert_int_equal(jb_prom_histogram(out, 0, "w", "", bounds, 4, counts,
			     1),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_escape),
	    cmocka_unit_test(test_escape_too_long),
	    cmocka_unit_test(test_histogram_labelled),
	    cmocka_unit_test(test_histogram_unlabelled),
	    cmocka_unit_test(test_histogram_too_small),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
