/*
 * test_cache.c — the public-read cache's store: hits, generations that
 * refuse answers older than a change, expiry, the byte bound (least
 * recently used out) and the listener's life.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "jb_cache.h"

#define PUB_GEN jb_cache_generation(JB_CACHE_PUBLIC)

static const uint64_t key[2] = {0x0123456789abcdefULL, 0xfedcba9876543210ULL};

static struct jb_cache_answer
answer(const char *body)
{
	struct jb_cache_answer a;

	a.ctype = "application/json";
	a.etag = "\"1-abc\"";
	a.link = NULL;
	a.body = body;
	a.len = strlen(body);
	return (a);
}

static int
setup(void **state)
{
	assert_int_equal(jb_cache_init(64 * 1024, key), 0);
	jb_cache_set_live(1);
	return (0);
}

static int
teardown(void **state)
{
	jb_cache_free();
	return (0);
}

static void
test_hit(void **state)
{
	struct jb_cache_answer a = answer("{\"id\":1}"), got;

	a.link = "</v1/jobs?cursor=x>; rel=\"next\"";
	assert_int_equal(jb_cache_get("k", 1, 0, &got), 0);
	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, PUB_GEN, 1000,
			     &a),
	    0);
	assert_int_equal(jb_cache_get("k", 1, 999, &got), 1);
	assert_string_equal(got.body, "{\"id\":1}");
	assert_int_equal(got.len, 8);
	assert_string_equal(got.etag, "\"1-abc\"");
	assert_string_equal(got.link, a.link);
	assert_string_equal(got.ctype, "application/json");
	/* Keys are bytes: a prefix is another key. */
	assert_int_equal(jb_cache_get("kk", 2, 0, &got), 0);
}

static void
test_stale_generation_refused(void **state)
{
	struct jb_cache_answer a = answer("old"), got;
	uint64_t gen;

	gen = PUB_GEN;
	jb_cache_invalidate(
	    JB_CACHE_PUBLIC); /* a change arrived while the query ran */
	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, gen, 1000, &a),
	    -1);
	assert_int_equal(jb_cache_get("k", 1, 0, &got), 0);
}

static void
test_invalidate_empties(void **state)
{
	struct jb_cache_answer a = answer("x"), got;
	struct jb_cache_stats s;

	assert_true(jb_cache_put("a", 1, JB_CACHE_PUBLIC, PUB_GEN, 9, &a) >= 0);
	assert_true(jb_cache_put("b", 1, JB_CACHE_PUBLIC, PUB_GEN, 9, &a) >= 0);
	jb_cache_invalidate(JB_CACHE_PUBLIC);
	assert_int_equal(jb_cache_get("a", 1, 0, &got), 0);
	jb_cache_stats(&s);
	assert_int_equal(s.entries, 0);
	assert_int_equal(s.bytes, 0);
}

static void
test_expiry(void **state)
{
	struct jb_cache_answer a = answer("x"), got;

	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, PUB_GEN, 50, &a),
	    0);
	assert_int_equal(jb_cache_get("k", 1, 50, &got), 0);
	assert_int_equal(jb_cache_get("k", 1, 0, &got), 0); /* gone */
}

static void
test_not_live(void **state)
{
	struct jb_cache_answer a = answer("x"), got;
	uint64_t gen;

	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, PUB_GEN, 50, &a),
	    0);
	gen = PUB_GEN;
	jb_cache_set_live(0); /* the listener dropped: empty, refuse */
	assert_false(jb_cache_usable());
	assert_int_equal(jb_cache_get("k", 1, 0, &got), 0);
	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, PUB_GEN, 50, &a),
	    -1);
	jb_cache_set_live(1); /* back: queries from before do not count */
	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, gen, 50, &a),
	    -1);
	assert_int_equal(jb_cache_get("k", 1, 0, &got), 0);
}

static void
test_bound_lru(void **state)
{
	static char body[4000];
	struct jb_cache_answer a, got;
	struct jb_cache_stats s;
	char k[16];
	int i, evicted;

	memset(body, 'x', sizeof(body) - 1);
	a = answer(body);
	evicted = 0;
	for (i = 0; i < 64; i++) {
		(void)snprintf(k, sizeof(k), "k%d", i);
		evicted +=
		    jb_cache_put(k, strlen(k), JB_CACHE_PUBLIC, PUB_GEN, 9, &a);
		if (i == 3) /* k0 used: k1 is now the oldest */
			assert_int_equal(jb_cache_get("k0", 2, 0, &got), 1);
		jb_cache_stats(&s);
		assert_true(s.bytes <= 64 * 1024);
	}
	assert_true(evicted > 0);
	assert_int_equal(jb_cache_get("k63", 3, 0, &got), 1);
	assert_int_equal(jb_cache_get("k1", 2, 0, &got), 0);
	/* Too big for a quarter of the bound: not stored. */
	a.len = 20000;
	assert_int_equal(jb_cache_put("big", 3, JB_CACHE_PUBLIC, PUB_GEN, 9,
			     &a),
	    -1);
}

static void
test_replace(void **state)
{
	struct jb_cache_answer a = answer("one"), b = answer("two"), got;
	struct jb_cache_stats s;

	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, PUB_GEN, 9, &a),
	    0);
	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, PUB_GEN, 9, &b),
	    0);
	assert_int_equal(jb_cache_get("k", 1, 0, &got), 1);
	assert_string_equal(got.body, "two");
	jb_cache_stats(&s);
	assert_int_equal(s.entries, 1);
}

static void
test_kinds_apart(void **state)
{
	struct jb_cache_answer a = answer("x"), got;
	uint64_t stats_gen;

	assert_int_equal(jb_cache_put("p", 1, JB_CACHE_PUBLIC, PUB_GEN, 9, &a),
	    0);
	stats_gen = jb_cache_generation(JB_CACHE_STATS);
	assert_int_equal(jb_cache_put("s", 1, JB_CACHE_STATS, stats_gen, 9, &a),
	    0);
	/* A job changed: statistics stay, and so does their generation. */
	jb_cache_invalidate(JB_CACHE_PUBLIC);
	assert_int_equal(jb_cache_get("p", 1, 0, &got), 0);
	assert_int_equal(jb_cache_get("s", 1, 0, &got), 1);
	assert_int_equal(jb_cache_generation(JB_CACHE_STATS), stats_gen);
	/* A placement changed: the other way round. */
	assert_int_equal(jb_cache_put("p", 1, JB_CACHE_PUBLIC, PUB_GEN, 9, &a),
	    0);
	jb_cache_invalidate(JB_CACHE_STATS);
	assert_int_equal(jb_cache_get("s", 1, 0, &got), 0);
	assert_int_equal(jb_cache_get("p", 1, 0, &got), 1);
	assert_int_equal(jb_cache_put("s", 1, JB_CACHE_STATS, stats_gen, 9, &a),
	    -1);
}

static void
test_disabled(void **state)
{
	struct jb_cache_answer a = answer("x");

	assert_int_equal(jb_cache_init(0, key), 0);
	jb_cache_set_live(1);
	assert_false(jb_cache_usable());
	assert_int_equal(jb_cache_put("k", 1, JB_CACHE_PUBLIC, PUB_GEN, 9, &a),
	    -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_hit, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_stale_generation_refused,
		setup, teardown),
	    cmocka_unit_test_setup_teardown(test_invalidate_empties, setup,
		teardown),
	    cmocka_unit_test_setup_teardown(test_expiry, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_not_live, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_bound_lru, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_replace, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_kinds_apart, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_disabled, setup, teardown),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
