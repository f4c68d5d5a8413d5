/*
 * test_ratelimit.c — the rate limit settings, and the limiter: fixed
 * windows per caller, kinds counted apart, the stricter token policy, a
 * full table, and one count for processes forked after jb_ratelimit_init.
 */
#include <sys/wait.h>

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <unistd.h>
#include <cmocka.h>

#include "jb_ratelimit.h"

#define T0 5000000ULL /* ms: a monotonic clock well past boot */

static void
limits(const char *general, const char *auth)
{
	struct jb_ratelimit_policy g, a;

	assert_int_equal(jb_ratelimit_parse(general, &g), 0);
	assert_int_equal(jb_ratelimit_parse(auth, &a), 0);
	assert_int_equal(jb_ratelimit_init(&g, &a), 0);
}

static int
take(int kind, const char *id, uint64_t now, struct jb_ratelimit *rl)
{
	struct jb_ratelimit dummy;

	return (jb_ratelimit_take(rl ? rl : &dummy, kind, id, now));
}

static void
test_parse(void **state)
{
	struct jb_ratelimit_policy p;
	const char *bad[] = {"", "600", "600/", "600/60", "600/60x", "/60s",
	    "-1/60s", "600/0s", "600/-5s", "0/60s", "600/60s ", " 600/60s",
	    "600 / 60s", "600/60S", "1000001/s", "5/86401s", "5/25h",
	    "99999999999999999999/s", "OFF", "none", "600/60sec", "6OO/60s",
	    "600/1.5s", NULL};
	int i;

	assert_int_equal(jb_ratelimit_parse("600/60s", &p), 0);
	assert_int_equal(p.limit, 600);
	assert_int_equal(p.window, 60);
	assert_int_equal(jb_ratelimit_parse("30/1m", &p), 0);
	assert_int_equal(p.limit, 30);
	assert_int_equal(p.window, 60);
	assert_int_equal(jb_ratelimit_parse("10/s", &p), 0);
	assert_int_equal(p.window, 1);
	assert_int_equal(jb_ratelimit_parse("7/m", &p), 0);
	assert_int_equal(p.window, 60);
	assert_int_equal(jb_ratelimit_parse("5/2h", &p), 0);
	assert_int_equal(p.window, 7200);
	assert_int_equal(jb_ratelimit_parse("1000000/86400s", &p), 0);
	assert_int_equal(p.limit, 1000000);
	assert_int_equal(jb_ratelimit_parse("off", &p), 0);
	assert_int_equal(p.limit, 0);
	assert_int_equal(jb_ratelimit_parse("0", &p), 0);
	assert_int_equal(p.limit, 0);
	for (i = 0; bad[i] != NULL; i++) {
		if (jb_ratelimit_parse(bad[i], &p) != -1)
			fail_msg("accepted \"%s\"", bad[i]);
	}
}

static void
test_window(void **state)
{
	struct jb_ratelimit rl;
	int i;

	limits("3/10s", "off");
	for (i = 0; i < 3; i++) {
		assert_int_equal(take(JB_RL_ADDRESS, "198.51.100.1",
				     T0 + i * 100, &rl),
		    1);
		assert_int_equal(rl.state, JB_RL_ALLOWED);
		assert_int_equal(rl.limit, 3);
		assert_int_equal(rl.remaining, 2 - i);
		assert_int_equal(rl.window, 10);
	}
	assert_int_equal(rl.reset, 10); /* 9.8 s left, rounded up */
	assert_int_equal(take(JB_RL_ADDRESS, "198.51.100.1", T0 + 4500, &rl),
	    0);
	assert_int_equal(rl.state, JB_RL_REFUSED);
	assert_int_equal(rl.remaining, 0);
	assert_int_equal(rl.reset, 6); /* 5.5 s */
	assert_int_equal(take(JB_RL_ADDRESS, "198.51.100.1", T0 + 9999, &rl),
	    0);
	assert_int_equal(rl.reset, 1);
	/* The window opened with the first request; 10 s on, a new one. */
	assert_int_equal(take(JB_RL_ADDRESS, "198.51.100.1", T0 + 10000, &rl),
	    1);
	assert_int_equal(rl.remaining, 2);
	assert_int_equal(rl.reset, 10);
}

static void
test_kinds_apart(void **state)
{
	struct jb_ratelimit rl;

	limits("1/60s", "2/60s");
	assert_int_equal(take(JB_RL_ADDRESS, "x", T0, NULL), 1);
	assert_int_equal(take(JB_RL_ADDRESS, "x", T0, NULL), 0);
	/* The same id of another kind, another caller. */
	assert_int_equal(take(JB_RL_TOKEN, "x", T0, NULL), 1);
	assert_int_equal(take(JB_RL_CLIENT, "x", T0, NULL), 1);
	assert_int_equal(take(JB_RL_ADDRESS, "y", T0, NULL), 1);
	/* The token endpoint's own policy. */
	assert_int_equal(take(JB_RL_AUTH, "x", T0, &rl), 1);
	assert_int_equal(rl.limit, 2);
	assert_int_equal(rl.remaining, 1);
	assert_int_equal(take(JB_RL_AUTH, "x", T0, NULL), 1);
	assert_int_equal(take(JB_RL_AUTH, "x", T0, &rl), 0);
	assert_int_equal(rl.reset, 60);
}

static void
test_off(void **state)
{
	struct jb_ratelimit rl;
	struct jb_ratelimit_counts c;
	int i;

	limits("off", "off");
	for (i = 0; i < 100; i++)
		assert_int_equal(take(JB_RL_ADDRESS, "x", T0, &rl), 1);
	assert_int_equal(rl.state, JB_RL_EXEMPT);
	jb_ratelimit_counts(&c);
	assert_int_equal(c.refused, 0);

	/* One policy off, the other on. */
	limits("off", "1/60s");
	assert_int_equal(take(JB_RL_ADDRESS, "x", T0, &rl), 1);
	assert_int_equal(rl.state, JB_RL_EXEMPT);
	assert_int_equal(take(JB_RL_AUTH, "x", T0, NULL), 1);
	assert_int_equal(take(JB_RL_AUTH, "x", T0, NULL), 0);
}

static void
test_exempt(void **state)
{
	assert_true(jb_ratelimit_exempt("/healthz"));
	assert_true(jb_ratelimit_exempt("/readyz"));
	assert_true(jb_ratelimit_exempt("/metrics"));
	assert_false(jb_ratelimit_exempt("/metrics/"));
	assert_false(jb_ratelimit_exempt("/v1/jobs"));
	assert_false(jb_ratelimit_exempt("/v1/auth/token"));
}

/* More callers than slots: the table stays bounded and says so. */
static void
test_full_table(void **state)
{
	struct jb_ratelimit_counts c;
	char id[32];
	int i, refused;

	limits("1/60s", "off");
	for (i = 0; i < 2 * JB_RATELIMIT_KEYS; i++) {
		(void)snprintf(id, sizeof(id), "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		assert_int_equal(take(JB_RL_ADDRESS, id, T0 + i, NULL), 1);
	}
	jb_ratelimit_counts(&c);
	assert_true(c.evicted >= JB_RATELIMIT_KEYS / 2);
	assert_int_equal(c.refused, 0);
	/* The newest callers are still counted. */
	for (i = 2 * JB_RATELIMIT_KEYS - 100, refused = 0;
	     i < 2 * JB_RATELIMIT_KEYS; i++) {
		(void)snprintf(id, sizeof(id), "10.%d.%d.%d", i >> 16,
		    (i >> 8) & 255, i & 255);
		refused +=
		    !take(JB_RL_ADDRESS, id, T0 + 2 * JB_RATELIMIT_KEYS, NULL);
	}
	assert_true(refused >= 90);
	/* Expired slots are reused without eviction. */
	limits("1/1s", "off");
	for (i = 0; i < 4 * JB_RATELIMIT_KEYS; i++) {
		(void)snprintf(id, sizeof(id), "k%d", i);
		(void)take(JB_RL_ADDRESS, id, T0 + (uint64_t)i * 1000, NULL);
	}
	jb_ratelimit_counts(&c);
	assert_int_equal(c.evicted, 0);
}

/* Workers fork after jb_ratelimit_init: they count in one table. */
static void
test_shared_after_fork(void **state)
{
	struct jb_ratelimit rl;
	pid_t pid;
	int i, status;

	limits("10/60s", "off");
	if ((pid = fork()) == 0) {
		for (i = 0; i < 6; i++)
			(void)take(JB_RL_TOKEN, "jti-1", T0, NULL);
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(take(JB_RL_TOKEN, "jti-1", T0 + 1, &rl), 1);
	assert_int_equal(rl.remaining, 3);
	for (i = 0; i < 3; i++)
		assert_int_equal(take(JB_RL_TOKEN, "jti-1", T0 + 2, NULL), 1);
	assert_int_equal(take(JB_RL_TOKEN, "jti-1", T0 + 3, NULL), 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_window),
	    cmocka_unit_test(test_kinds_apart),
	    cmocka_unit_test(test_off),
	    cmocka_unit_test(test_exempt),
	    cmocka_unit_test(test_full_table),
	    cmocka_unit_test(test_shared_after_fork),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
