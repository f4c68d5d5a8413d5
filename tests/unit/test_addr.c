/*
 * test_addr.c — the client address: the peer, unless a trusted proxy
 * forwards for someone; X-Forwarded-For from anyone else is ignored.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "jb_addr.h"

static const char *
client(const char *peer, const char *xff)
{
	static char out[JB_ADDR_LEN];

	jb_addr_client(peer, xff, out, sizeof(out));
	return (out);
}

static void
test_no_proxies(void **state)
{
	assert_int_equal(jb_addr_set_trusted(NULL), 0);
	assert_string_equal(client("203.0.113.9", NULL), "203.0.113.9");
	assert_string_equal(client("203.0.113.9", "1.2.3.4"), "203.0.113.9");
}

static void
test_trusted_proxy(void **state)
{
	assert_int_equal(jb_addr_set_trusted(" 10.0.0.1 , 192.168.0.0/16,::1"),
	    0);
	assert_string_equal(client("10.0.0.1", "198.51.100.7"), "198.51.100.7");
	/* The right-most entry not a proxy: the left ones are the client's. */
	assert_string_equal(client("10.0.0.1", "6.6.6.6, 198.51.100.7"),
	    "198.51.100.7");
	assert_string_equal(client("10.0.0.1",
				"6.6.6.6, 198.51.100.7, 192.168.4.4"),
	    "198.51.100.7");
	assert_string_equal(client("::1", "2001:db8::5"), "2001:db8::5");
	/* Not a proxy: its header means nothing. */
	assert_string_equal(client("10.0.0.2", "198.51.100.7"), "10.0.0.2");
	/* Garbage stops the walk at the last good address. */
	assert_string_equal(client("10.0.0.1", "x, 198.51.100.7"),
	    "198.51.100.7");
	assert_string_equal(client("10.0.0.1", "nonsense"), "10.0.0.1");
	assert_string_equal(client("10.0.0.1", ""), "10.0.0.1");
	/* Every hop a proxy: the left-most. */
	assert_string_equal(client("10.0.0.1", "192.168.1.1, 10.0.0.1"),
	    "192.168.1.1");
	assert_int_equal(jb_addr_set_trusted(NULL), 0);
}

static void
test_bad_lists(void **state)
{
	assert_int_equal(jb_addr_set_trusted("10.0.0.1/33"), -1);
	assert_int_equal(jb_addr_set_trusted("example.org"), -1);
	assert_int_equal(jb_addr_set_trusted("10.0.0.0/"), -1);
	assert_int_equal(jb_addr_set_trusted("::/129"), -1);
	assert_int_equal(jb_addr_set_trusted(",,"), 0);
	assert_int_equal(jb_addr_valid("1.2.3.4"), 1);
	assert_int_equal(jb_addr_valid("1.2.3"), 0);
	assert_int_equal(jb_addr_valid("fe80::1"), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_no_proxies),
	    cmocka_unit_test(test_trusted_proxy),
	    cmocka_unit_test(test_bad_lists),
	};

	return (cmocka_run_group_tests(tests, NULL, NULL));
}
